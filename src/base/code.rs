//! The diagnostic vocabulary: every check's code with its name, description and default
//! severity in one table ([`Code::ALL`]), severities, and the per-code severities a
//! configuration sets. The lowest layer: `config` validates against it, `check` reports with
//! it, the outputs and the editors' manifests are checked against it.

use std::collections::BTreeMap;

/// How serious a finding is; the numbers are LSP's `DiagnosticSeverity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error = 1,
    Warning = 2,
    Information = 3,
    Hint = 4,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $description:literal;)+) => {
        /// A diagnostic code. Ordered by name (findings at one place sort by it).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $($variant,)+
        }

        impl Code {
            /// Every code, in the order reports list them.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The fixed name (`date-mismatch`), as configurations and outputs write it.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }

            /// What the code means, in one line.
            pub fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => $description,)+
                }
            }

            /// The severity when the configuration sets none.
            pub fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)+
                }
            }
        }
    };
}

codes! {
    DateMismatch = "date-mismatch", Warning,
        "The claim dates a signing that the corpus dates differently.";
    PartyMismatch = "party-mismatch", Warning,
        "The claim names as a party someone the corpus does not list among the signing's parties.";
    NameVariant = "name-variant", Information,
        "A name that is not a known spelling but is close to one.";
    InconsistentName = "inconsistent-name", Hint,
        "The note spells one entity two ways.";
    InvalidDate = "invalid-date", Error,
        "No such day.";
    WeekdayMismatch = "weekday-mismatch", Warning,
        "The weekday does not fall on that date.";
    AmbiguousDate = "ambiguous-date", Hint,
        "A numeric date whose day and month could be swapped.";
    UnknownSource = "unknown-source", Warning,
        "A citation that resolves to no article, or to several.";
    UnsupportedBySource = "unsupported-by-source", Information,
        "The claim cites an article that does not mention an entity or date of the claim.";
}

impl Code {
    /// The code with this name.
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// Where the code stands in [`Code::ALL`] (SARIF's `ruleIndex`).
    pub fn index(self) -> usize {
        self as usize
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.name().cmp(other.name())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a configuration sets for one code: a severity, or `off`.
pub type Level = Option<Severity>;

/// Parses a level as configurations write it (`error` … `hint`, `off`).
pub fn parse_level(s: &str) -> Option<Level> {
    if s == "off" {
        Some(None)
    } else {
        Severity::parse(s).map(Some)
    }
}

/// Severities per code, from `[severity]` in `dossier.toml` and the `severity` setting,
/// parsed once; `off` turns a check off, codes not set keep their default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Severities(BTreeMap<Code, Level>);

impl Severities {
    /// The severity of a code, or None when it is off.
    pub fn of(&self, code: Code) -> Option<Severity> {
        match self.0.get(&code) {
            Some(level) => *level,
            None => Some(code.default_severity()),
        }
    }

    /// What is set for a code (None: nothing, the default holds).
    pub fn get(&self, code: Code) -> Option<Level> {
        self.0.get(&code).copied()
    }

    pub fn set(&mut self, code: Code, level: Level) {
        self.0.insert(code, level);
    }

    /// These settings over those (later ones win per code).
    pub fn extend(&mut self, other: &Severities) {
        self.0.extend(other.0.iter().map(|(c, l)| (*c, *l)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_sort_by_name() {
        for &c in Code::ALL {
            assert_eq!(Code::parse(c.name()), Some(c));
            assert_eq!(Code::ALL[c.index()], c);
            assert!(!c.description().is_empty());
        }
        assert_eq!(Code::parse("date-mismach"), None);
        assert!(Code::AmbiguousDate < Code::DateMismatch);
    }

    #[test]
    fn severities_default_and_override() {
        let mut s = Severities::default();
        s.set(Code::NameVariant, parse_level("warning").unwrap());
        s.set(Code::AmbiguousDate, parse_level("off").unwrap());
        assert_eq!(s.of(Code::NameVariant), Some(Severity::Warning));
        assert_eq!(s.of(Code::AmbiguousDate), None);
        assert_eq!(s.of(Code::InvalidDate), Some(Severity::Error));
        assert_eq!(s.of(Code::InconsistentName), Some(Severity::Hint));
        assert_eq!(parse_level("loud"), None);
    }

    /// The VS Code manifest's `dossier.severity` setting and the extension's code list are
    /// this table: same codes in the same order, same descriptions and defaults.
    #[test]
    fn the_vscode_manifest_lists_this_table() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode");
        let raw = std::fs::read_to_string(dir.join("package.json")).unwrap();
        let manifest: serde_json::Value = serde_json::from_str(&raw).unwrap();
        let props = manifest["contributes"]["configuration"]["properties"]["dossier.severity"]
            ["properties"]
            .as_object()
            .unwrap();
        assert_eq!(props.len(), Code::ALL.len());
        let mut at = 0;
        for &c in Code::ALL {
            let p = &props[c.name()];
            assert_eq!(
                p["description"],
                format!(
                    "{} (Server default: {}.)",
                    c.description(),
                    c.default_severity().as_str()
                ),
                "{c}"
            );
            assert_eq!(
                p["enum"],
                serde_json::json!(["error", "warning", "information", "hint", "off"])
            );
            let here = raw[at..].find(&format!("\"{}\": {{", c.name())).unwrap();
            at += here;
        }
        let ts = std::fs::read_to_string(dir.join("src/settings.ts")).unwrap();
        let list = &ts[ts.find("export const CODES = [").unwrap()..];
        let list = &list[..list.find("] as const").unwrap()];
        let names: Vec<&str> = list.split('\'').skip(1).step_by(2).collect();
        let ours: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names, ours);
    }
}
