//! The regexes behind the built-in detectors. They find candidates; `validate` decides.
//! All are compiled once per plugin load.

/// Digits with the separators phone numbers, cards, SSNs and IPv4 addresses use.
pub const NUMBER_RUN: &str = r"[+(]?[0-9][0-9 ().\-/]*";

/// Local part and domain may hold any letters (internationalised addresses); the top-level
/// domain is letters only.
pub const EMAIL: &str = r"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,24}";

/// IBAN: country, check digits, then groups of four (spaces or dashes optional, any case: forms
/// and chats write `de89 3704 …` and `GB09-BARC-…`); the exact length comes from the country
/// table, so the candidate may run long.
pub const IBAN: &str = r"[A-Za-z]{2}[0-9]{2}(?:[ \-]?[A-Za-z0-9]{1,4}){3,9}";

/// Hex groups with at least two colons, maybe ending in a dotted quad (`::ffff:10.1.2.3`,
/// `64:ff9b::10.0.0.1`); std's parser validates. Up to eight colons: a match may start at the
/// colon of a label glued on (`addr:2607:f8b0:…:918:0`, `地址：` once normalised), which the
/// validator drops, and still hold all eight groups.
pub const IPV6: &str = r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}(?:(?:\.[0-9]{1,3}){3})?";

/// An opaque secret assigned to a key named for one (`token = "…"`, `"api_key": "…"`,
/// `X-Api-Key: …`, `CLIENT_SECRET=…`): the value in group `value`; the validator decides.
/// (Not `aws_secret_access_key`: an AWS secret is no bearer token.)
/// (The key's spellings as literals, not case-insensitive: a handful of literals lets the regex
/// skip ahead to them; every case of `token` and `secret` would not, at half the speed.)
pub const ASSIGNED_SECRET: &str = r#"(?:token|Token|TOKEN|secret|Secret|SECRET|(?:api|Api|API)[_-]?(?:key|Key|KEY)|apikey|apiKey|ApiKey|APIKEY)["']?[ \t]*[:=][ \t]*["']?(?P<value>[A-Za-z0-9\-._~+/]{16,}=*)"#;

/// Every credential in one regex, one named group each, so a single pass (with literal
/// prefilters on `sk-`, `AKIA`, `gh`, `eyJ`, `bearer`, `-----BEGIN`) finds them all.
pub const CREDENTIALS: &str = concat!(
    r"(?P<anthropic_key>sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_\-]{80,120})",
    r"|(?P<openai_key>sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,200})",
    r"|(?P<aws_access_key>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})",
    r"|(?P<github_token>gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{82})",
    // JWS/JWE compact form: a JOSE header, then 2 (JWS) to 4 (JWE) more segments of any
    // content (payloads need not be JSON; detached payloads and unsigned tokens are empty).
    r"|(?P<jwt>eyJ[A-Za-z0-9_\-]{8,}(?:\.[A-Za-z0-9_\-]*){2,4})",
    r"|(?P<bearer_token>(?i:bearer)[ \t]+[A-Za-z0-9\-._~+/]{16,}=*)",
    // A PEM block to its END line; without one (a paste cut short), the BEGIN line and the
    // base64 lines after it (16 characters or more, so a word on the next line is not taken
    // for one): a partial key is still a key.
    r"|(?P<private_key>-----BEGIN[A-Z ]{0,20} PRIVATE KEY-----(?:[\s\S]*?-----END[A-Z ]{0,20} PRIVATE KEY-----|(?:\r?\n[A-Za-z0-9+/=]{16,})+))",
);
