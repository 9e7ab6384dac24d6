//! The data model: kinds of entity, entities, and their mentions in article bodies.

use serde::Serialize;
use std::collections::BTreeSet;
use std::ops::Range;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Country,
    Place,
    Organization,
    Person,
    Agreement,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Place => "place",
            EntityKind::Organization => "organization",
            EntityKind::Person => "person",
            EntityKind::Agreement => "agreement",
        }
    }
}

/// One thing the corpus talks about.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    /// Stable id: kind and a slug of the canonical name (`country:laos`).
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    /// Every spelling seen or known, the canonical name excluded.
    pub aliases: BTreeSet<String>,
    /// ISO 3166-1 alpha-2, alpha-3, numeric for countries.
    pub iso: Option<[String; 3]>,
    /// The country a body, place or person belongs to (entity index).
    pub country: Option<usize>,
    /// Titles and offices seen with a person.
    pub roles: BTreeSet<String>,
    /// Indices into `KnowledgeBase::mentions`, in corpus order.
    pub mentions: Vec<usize>,
    /// From the built-in lists rather than learned from the corpus.
    pub builtin: bool,
    /// The built-in entry (gazetteer index), when there is one.
    pub gaz: Option<usize>,
}

/// A place in an article's body where an entity is named.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mention {
    pub article: usize,
    pub span: Range<usize>,
    pub entity: usize,
}
