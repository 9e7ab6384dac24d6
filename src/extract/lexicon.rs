//! Word lists of English news grammar that the extractors key on: titles before names, head
//! nouns of organisation, place and agreement names, generic modifiers. Grammar, not world
//! knowledge: no names of particular people, places or bodies belong here.

/// Titles and honorifics written before a person's name, lower case, longest first is not
/// required (the matcher tries the longest). Multi-word titles are space separated.
pub const TITLES: &[&str] = &[
    "president", "vice president", "vice-president", "president-elect", "prime minister",
    "deputy prime minister", "minister", "deputy minister", "vice minister", "senior minister",
    "foreign minister", "defence minister", "defense minister", "state counselor", "state counsellor",
    "secretary", "secretary-general", "secretary general", "general secretary", "deputy secretary",
    "under secretary", "assistant secretary", "deputy secretary-general", "party general secretary",
    "chairman", "chairwoman", "chairperson", "chair", "vice chairman", "vice-chairman",
    "governor", "mayor", "ambassador", "senator", "sen", "representative", "rep", "congressman",
    "congresswoman", "gov", "judge", "justice", "chief justice", "king", "queen", "prince",
    "princess", "crown prince", "sultan", "emperor", "pope", "general", "gen", "lieutenant general",
    "lt", "lt. gen", "major general", "maj. gen", "brigadier general", "brig. gen", "colonel", "col",
    "lieutenant colonel", "lt. col", "major", "maj", "admiral", "adm", "captain", "capt",
    "commander", "sergeant", "sgt", "police general", "police colonel", "director", "director-general",
    "director general", "deputy director", "deputy director-general", "chief executive",
    "chief procurator", "procurator", "prosecutor", "chief prosecutor", "attorney general",
    "mr", "mrs", "ms", "mme", "miss", "madam", "dr", "prof", "professor", "sir", "dame", "lord",
    "hon", "his excellency", "her excellency", "h.e", "excellency", "envoy", "special envoy",
    "commissioner", "superintendent", "inspector", "adviser", "advisor", "national security advisor",
    "national security adviser", "press secretary", "spokesperson", "spokesman", "spokeswoman",
    "premier", "chancellor", "speaker", "chief of mission", "head", "leader", "first lady",
    "deputy", "chief", "vice premier", "counselor", "counsellor", "permanent secretary",
    "deputy permanent secretary", "chief of staff", "resident coordinator", "representative",
    "country director", "delegate", "consul general", "consul", "rector", "dean", "bishop",
    "cardinal", "reverend", "rev", "venerable", "lieutenant", "officer", "investigator",
    "senior investigator", "deputy chief", "head of state", "acting president", "acting minister",
];

/// Head nouns that make a capitalised phrase the name of an organisation.
pub const ORG_HEADS: &[&str] = &[
    "ministry", "department", "agency", "institute", "institution", "procuracy", "party",
    "committee", "office", "organization", "organisation", "union", "council", "court",
    "government", "commission", "bureau", "authority", "administration", "assembly", "parliament",
    "congress", "senate", "police", "army", "navy", "corporation", "company", "bank", "fund",
    "foundation", "association", "federation", "university", "college", "academy", "centre",
    "center", "secretariat", "embassy", "consulate", "front", "board", "service", "network",
    "alliance", "league", "tribunal", "directorate", "inspectorate", "chamber", "coalition",
    "forum", "society", "programme", "group", "inc", "ltd", "force", "guard", "command",
    "cabinet", "presidency", "legislature", "judiciary",
];

/// Heads of bodies of a state: the same name in two countries is two bodies.
pub const NATIONAL_HEADS: &[&str] = &[
    "ministry", "department", "procuracy", "government", "police", "court", "parliament",
    "assembly", "army", "navy", "embassy", "consulate", "bureau", "inspectorate", "directorate",
    "administration", "authority", "office", "committee", "commission", "senate", "congress",
    "cabinet", "presidency", "legislature", "judiciary", "force", "guard", "command",
];

/// Head nouns of agreement names.
pub const AGREEMENT_HEADS: &[&str] = &[
    "convention", "treaty", "agreement", "protocol", "accord", "accords", "charter", "pact",
    "memorandum", "compact", "covenant", "mou",
];

/// Words that describe an agreement without naming it (`Cooperation Agreement`).
pub const GENERIC_AGREEMENT_WORDS: &[&str] = &[
    "cooperation", "co-operation", "framework", "bilateral", "multilateral", "trade", "joint",
    "partnership", "comprehensive", "strategic", "economic", "technical", "security", "defence",
    "defense", "free", "investment", "loan", "grant", "financing", "host", "country", "basic",
    "general", "new", "final", "interim", "peace", "the", "a", "an", "this", "that", "its",
    "their", "our", "memorandum", "understanding", "of", "cooperative", "collaboration",
    "partnership", "service", "services", "supply", "purchase", "sales", "agreement",
];

/// Nouns that follow a place name (`Udomxay Province`, `Điện Biên province`).
pub const PLACE_HEADS: &[&str] = &[
    "province", "district", "city", "prefecture", "county", "region", "municipality", "village",
    "town", "commune", "ward", "island", "islands", "peninsula", "township", "governorate",
];

/// Last words of the names of laws and legal instruments, which are not organisations.
pub const LAW_WORDS: &[&str] = &[
    "code", "act", "law", "bill", "ordinance", "regulation", "regulations", "rules", "decree",
    "order", "resolution", "directive", "constitution",
];

/// Administrative units that follow a name even in lower case (`Điện Biên province`).
pub const LOWERCASE_PLACE_HEADS: &[&str] =
    &["province", "district", "prefecture", "county", "municipality", "commune", "governorate"];

/// Function words that may sit inside a capitalised name (`Institute for Legal Support and
/// Technical Assistance`, `Convention on the Rights of the Child`).
pub const CONNECTORS: &[&str] = &["of", "for", "and", "on", "against", "the", "de", "&", "to"];

/// Particles inside personal names.
pub const NAME_PARTICLES: &[&str] =
    &["bin", "binti", "van", "von", "de", "da", "del", "der", "al", "el", "la", "le", "du", "dos", "ibn"];

/// Capitalised words that start sentences or headings but never names.
pub const NOT_NAME_WORDS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i", "you",
    "his", "her", "its", "their", "our", "in", "on", "at", "by", "for", "with", "from", "to", "of",
    "and", "or", "but", "as", "after", "before", "during", "under", "over", "since", "when",
    "while", "if", "also", "according", "meanwhile", "however", "today", "yesterday", "tomorrow",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "photo", "source", "read", "more", "see", "related", "news",
    "minister", "president", "general", "secretary", "deputy", "chief", "head", "both", "all",
    "each", "other", "many", "some", "several", "two", "three", "first", "second", "last", "new",
    "said", "says", "will", "would", "has", "have", "had", "is", "was", "are", "were", "be",
    "delegates", "delegation", "representatives", "officials", "recently", "building", "amid",
    "there", "here", "what", "which", "who", "whom", "whose", "where", "why", "how", "not", "no",
    "yes", "dear", "thank", "thanks", "ladies", "gentlemen", "friends", "excellencies",
];

/// Verbs and phrases that make a sentence tell of a signing.
pub const SIGNING_TRIGGERS: &[&str] = &[
    "sign", "signs", "signed", "signing", "ink", "inks", "inked", "conclude", "concludes",
    "concluded", "co-sign", "co-signed", "countersigned", "ratified", "ratify", "ratifies",
];

/// Instrument words when the sentence has no named agreement.
pub const INSTRUMENT_WORDS: &[&str] = &[
    "memorandum of understanding", "mou", "agreement", "cooperation agreement", "cooperation plan",
    "plan", "convention", "treaty", "protocol", "accord", "deal", "contract", "charter", "pact",
    "declaration", "joint statement", "letter of intent", "framework", "arrangement", "compact",
];

/// Words after which entities in a signing sentence are not parties.
pub const NON_PARTY_MARKERS: &[&str] = &[
    "witnessed", "witness", "joined", "co-chaired", "chaired", "presided", "attended", "presence",
    "invitation", "hosted", "according", "said", "told", "reported",
];
