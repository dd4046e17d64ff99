//! The built-in detector kinds: names, the list of all, lookup by name. No regex here: the
//! config types (and whatever serialises them) compile without the detectors.

/// A built-in detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Email,
    Phone,
    CreditCard,
    Ssn,
    Iban,
    Ipv4,
    Ipv6,
    OpenaiKey,
    AnthropicKey,
    AwsAccessKey,
    GithubToken,
    Jwt,
    BearerToken,
    PrivateKey,
    /// Opt-in: names of people (word lists, honorifics, context cues).
    PersonName,
    /// Opt-in: street lines (house number and street type, EN/DE/FR/ES).
    StreetAddress,
}

impl Kind {
    /// How many built-in detectors there are.
    pub const COUNT: usize = 16;

    pub const ALL: [Kind; Kind::COUNT] = [
        Kind::Email,
        Kind::Phone,
        Kind::CreditCard,
        Kind::Ssn,
        Kind::Iban,
        Kind::Ipv4,
        Kind::Ipv6,
        Kind::OpenaiKey,
        Kind::AnthropicKey,
        Kind::AwsAccessKey,
        Kind::GithubToken,
        Kind::Jwt,
        Kind::BearerToken,
        Kind::PrivateKey,
        Kind::PersonName,
        Kind::StreetAddress,
    ];

    /// The config key and metric label.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::CreditCard => "credit_card",
            Kind::Ssn => "ssn",
            Kind::Iban => "iban",
            Kind::Ipv4 => "ipv4",
            Kind::Ipv6 => "ipv6",
            Kind::OpenaiKey => "openai_key",
            Kind::AnthropicKey => "anthropic_key",
            Kind::AwsAccessKey => "aws_access_key",
            Kind::GithubToken => "github_token",
            Kind::Jwt => "jwt",
            Kind::BearerToken => "bearer_token",
            Kind::PrivateKey => "private_key",
            Kind::PersonName => "person_name",
            Kind::StreetAddress => "street_address",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    #[cfg_attr(not(feature = "filter"), allow(dead_code))]
    pub(crate) fn is_credential(self) -> bool {
        (Kind::OpenaiKey..=Kind::PrivateKey).contains(&self)
    }

    /// Which kind wins when two findings start at the same place: the more specific one.
    #[cfg_attr(not(feature = "filter"), allow(dead_code))]
    pub(crate) fn rank(self) -> u8 {
        match self {
            Kind::PrivateKey
            | Kind::AnthropicKey
            | Kind::OpenaiKey
            | Kind::AwsAccessKey
            | Kind::GithubToken => 0,
            Kind::Jwt => 1,
            Kind::BearerToken => 2,
            Kind::Email | Kind::Iban => 3,
            Kind::CreditCard | Kind::Ssn => 4,
            Kind::Phone => 5,
            Kind::Ipv4 | Kind::Ipv6 => 6,
            Kind::StreetAddress => 7,
            Kind::PersonName => 8,
        }
    }
}

/// Not a serde type (the config keys `detectors` by name and checks it at load); the schema is
/// the list of names those checks accept.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Kind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DetectorKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        schemars::json_schema!({ "type": "string", "enum": names })
    }
}
