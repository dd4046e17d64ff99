//! Precision and recall of every built-in detector on labelled corpora:
//! - the tuning corpus `corpus/corpus.jsonl` (`corpus/generate.py`, Faker values in sentences,
//!   plus the hand-written `corpus/hard_negatives.txt`): the rules were tuned on it. Fails below
//!   0.98 / 0.98 (phone 0.95; person_name and street_address: 0.90 / 0.75).
//! - the held-out corpus `corpus/heldout/heldout.jsonl` (`corpus/heldout/make_heldout.py`, a
//!   separate generator, committed before any rule was tuned against the classes it holds). Fails
//!   below 0.99 / 0.99 for the structured detectors (phone included; person_name and
//!   street_address: 0.95 / 0.80). Only counts are printed for it, never its samples: nobody
//!   tunes a rule on a held-out miss.
//! - the second held-out corpus `corpus/heldout2/heldout2.jsonl`, written by someone who had
//!   not read the rules, after the rules of issue 12 were written: the same floors for the
//!   structured detectors (phone and ssn, below them on its last counted run, at what they
//!   measured), street_address at what it measured, person_name reported only. Counts only,
//!   too.
//!
//! - the third held-out corpus `corpus/heldout3/heldout3.jsonl`, written blind to the rules, the
//!   tuning data and both other held-out corpora, first run after session 18's rules: the same
//!   floors (credit_card, ipv4 and phone held at their first run), names and streets reported.
//!
//! - the fourth held-out corpus `corpus/heldout4/heldout4.jsonl`, written blind like the third,
//!   first run after session 19's rules. Held out for that run only: its misses were tuned on
//!   since, and it is tuning data now (every structured detector under the common bar).
//!
//! - the fifth held-out corpus `corpus/heldout5/heldout5.jsonl`, written blind like the third,
//!   first run after the fourth corpus' misses were tuned on; held out for three counted runs,
//!   tuning data since (every structured detector under the common bar).
//!
//! - the sixth held-out corpus `corpus/heldout6/heldout6.jsonl`, written blind like the third,
//!   first run after the fifth corpus' misses were tuned on; held out for three counted runs,
//!   tuning data since.
//!
//! - the seventh held-out corpus `corpus/heldout7/heldout7.jsonl`, written blind like the third,
//!   first run after the sixth corpus' misses were tuned on; held out for that run, tuning data
//!   since.
//!
//! - the eighth held-out corpus `corpus/heldout8/heldout8.jsonl`, written blind like the third,
//!   first run after the seventh corpus' misses were tuned on; held out for two counted runs,
//!   tuning data since.
//!
//! - the ninth held-out corpus `corpus/heldout9/heldout9.jsonl`, written blind from its brief
//!   (`corpus/heldout9/BRIEF.md`), first run after the eighth corpus' misses were tuned on;
//!   held out for that run, tuning data since.
//!
//! - the tenth held-out corpus `corpus/heldout10/heldout10.jsonl`, written blind from its brief
//!   (`corpus/heldout10/BRIEF.md`), first run after the ninth corpus' misses were tuned on;
//!   held out for that run, tuning data since.
//!
//! - the eleventh held-out corpus `corpus/heldout11/heldout11.jsonl`, written blind from its
//!   brief (`corpus/heldout11/BRIEF.md`), first run after the tenth corpus' misses and a
//!   hostile review were tuned on; held out for that run, tuning data since.
//!
//! - the twelfth held-out corpus `corpus/heldout12/heldout12.jsonl`, written blind from its
//!   brief (`corpus/heldout12/BRIEF.md`), first run after the eleventh corpus' misses were
//!   tuned on; held out for that run, tuning data since.
//!
//! - the thirteenth held-out corpus `corpus/heldout13/heldout13.jsonl`, written blind from
//!   its brief (`corpus/heldout13/BRIEF.md`), first run after the twelfth corpus' misses were
//!   tuned on; held out for that run, tuning data since.
//!
//! Both: label-free samples ("hard negatives") with no finding at all must be ≥ 0.95 of them.
//! `cargo test -p pii-mask --test corpus -- --nocapture` prints the tables.

use pii_mask::detect::{DetectorSpec, Kind, Scanner};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Default, Debug, Clone, Copy)]
struct Score {
    tp: u32,
    fp: u32,
    fn_: u32,
}

impl Score {
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        1.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

/// The detectors whose values have a fixed structure (checksums, lengths, prefixes).
const STRUCTURED: &[&str] = &[
    "email",
    "phone",
    "credit_card",
    "ssn",
    "iban",
    "ipv4",
    "ipv6",
    "openai_key",
    "anthropic_key",
    "aws_access_key",
    "github_token",
    "jwt",
    "bearer_token",
    "private_key",
];

#[derive(Default)]
struct Report {
    scores: BTreeMap<String, Score>,
    /// Per detector and value form (held-out `form` field): (found, total).
    forms: BTreeMap<(String, String), (u32, u32)>,
    negatives: u32,
    negatives_kept: u32,
    /// Per detector: label-free samples it fired on.
    negatives_hit: BTreeMap<String, u32>,
    /// Per detector and sample form (a negative's look-alike kind): findings no label covers.
    false_forms: BTreeMap<(String, String), u32>,
    mistakes: Vec<String>,
}

type Span = (String, usize, usize);

fn evaluate(scanner: &Scanner, corpus: &str) -> Report {
    let mut r = Report::default();
    for k in Kind::ALL {
        r.scores.insert(k.name().to_string(), Score::default());
    }
    for line in corpus.lines().filter(|l| !l.trim().is_empty()) {
        let sample: Value = serde_json::from_str(line).unwrap();
        let text = sample["text"].as_str().unwrap();
        let form = sample["form"].as_str().unwrap_or("-").to_string();
        // Labels as byte spans (each value is an exact substring; a value labelled twice is at
        // its first and its second occurrence).
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let labels: Vec<Span> = sample["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                let value = l["value"].as_str().unwrap();
                let start = text
                    .match_indices(value)
                    .map(|(i, _)| i)
                    .find(|i| !taken.contains(&(*i, i + value.len())))
                    .unwrap_or_else(|| panic!("label not in text: {line}"));
                taken.push((start, start + value.len()));
                let name = l["detector"].as_str().unwrap().to_string();
                (name, start, start + value.len())
            })
            .collect();
        let found: Vec<Span> = scanner
            .scan(text)
            .into_iter()
            .map(|f| (scanner.name(f.detector).to_string(), f.start, f.end))
            .collect();
        let overlaps = |a: &Span, b: &Span| a.0 == b.0 && a.1 < b.2 && b.1 < a.2;
        for label in &labels {
            let hit = found.iter().any(|f| overlaps(f, label));
            let score = r.scores.entry(label.0.clone()).or_default();
            let f = r.forms.entry((label.0.clone(), form.clone())).or_default();
            f.1 += 1;
            if hit {
                score.tp += 1;
                f.0 += 1;
            } else {
                score.fn_ += 1;
                r.mistakes.push(format!(
                    "missed {}: {:?} in {text:?}",
                    label.0,
                    &text[label.1..label.2]
                ));
            }
        }
        for f in &found {
            if !labels.iter().any(|l| overlaps(f, l)) {
                r.scores.entry(f.0.clone()).or_default().fp += 1;
                *r.false_forms
                    .entry((f.0.clone(), form.clone()))
                    .or_default() += 1;
                r.mistakes
                    .push(format!("false {}: {:?} in {text:?}", f.0, &text[f.1..f.2]));
            }
        }
        if labels.is_empty() {
            r.negatives += 1;
            if found.is_empty() {
                r.negatives_kept += 1;
            }
            let mut names: Vec<&String> = found.iter().map(|f| &f.0).collect();
            names.dedup();
            for n in names {
                *r.negatives_hit.entry(n.clone()).or_default() += 1;
            }
        }
    }
    r
}

fn print_table(title: &str, r: &Report) {
    println!("\n{title}");
    println!(
        "{:<16} {:>5} {:>4} {:>4} {:>9} {:>7} {:>9}",
        "detector", "tp", "fp", "fn", "precision", "recall", "neg. hit"
    );
    for (name, s) in &r.scores {
        println!(
            "{name:<16} {:>5} {:>4} {:>4} {:>9.3} {:>7.3} {:>9}",
            s.tp,
            s.fp,
            s.fn_,
            s.precision(),
            s.recall(),
            r.negatives_hit.get(name).copied().unwrap_or(0)
        );
    }
    println!(
        "hard negatives kept (no finding at all): {}/{} = {:.3}",
        r.negatives_kept,
        r.negatives,
        ratio(r.negatives_kept, r.negatives)
    );
}

fn scanner() -> Scanner {
    let specs: Vec<DetectorSpec> = Kind::ALL.into_iter().map(DetectorSpec::Builtin).collect();
    Scanner::new(&specs).unwrap()
}

/// (precision, recall) floors: structured detectors at `structured`, phone at `phone`;
/// person_name and street_address at `fuzzy` (their target is recall 0.90, not reached on
/// every corpus yet: the floors keep what is reached, the README says what is missing).
fn bar_fails(name: &str, s: &Score, structured: f64, phone: (f64, f64), fuzzy: (f64, f64)) -> bool {
    let (p, r) = if name == "phone" {
        phone
    } else if STRUCTURED.contains(&name) {
        (structured, structured)
    } else {
        fuzzy
    };
    s.precision() < p || s.recall() < r
}

#[test]
fn tuning_corpus_precision_and_recall() {
    let r = evaluate(&scanner(), include_str!("../corpus/corpus.jsonl"));
    print_table("tuning corpus (corpus/corpus.jsonl)", &r);
    print_mistakes(&r);
    let failed: Vec<&String> = r
        .scores
        .iter()
        .filter(|(n, s)| s.tp == 0 || bar_fails(n, s, 0.98, (0.95, 0.95), (0.90, 0.75)))
        .map(|(n, _)| n)
        .collect();
    assert!(failed.is_empty(), "below the bar: {failed:?}");
    assert!(ratio(r.negatives_kept, r.negatives) >= 0.95);
}

/// Hand-built tuning samples (`corpus/tuning/make_tuning.py`): Maestro numbers of every length
/// 12–19 and IIN range, phone numbers of sixteen numbering plans, and look-alikes of both, all
/// from the published structures. Tuned on, so every one must pass: no miss, no false finding.
#[test]
fn tuning_samples_maestro_and_phone_plans() {
    let r = evaluate(&scanner(), include_str!("../corpus/tuning/tuning.jsonl"));
    print_table("tuning samples (corpus/tuning/tuning.jsonl)", &r);
    for m in &r.mistakes {
        println!("{m}");
    }
    assert!(r.mistakes.is_empty(), "{} mistakes", r.mistakes.len());
    assert_eq!(r.negatives_kept, r.negatives);
}

/// The first 40 mistakes (those containing `$SHOW` when it is set): for tuning corpora only.
fn print_mistakes(r: &Report) {
    let shown = r
        .mistakes
        .iter()
        .filter(|m| std::env::var("SHOW").map_or(true, |s| m.contains(&s)));
    for m in shown.take(
        std::env::var("LIMIT")
            .ok()
            .and_then(|l| l.parse().ok())
            .unwrap_or(40),
    ) {
        println!("{m}");
    }
}

/// Counts per value form only (never the samples): says which shape a detector misses.
fn print_forms(r: &Report) {
    println!("\nheld-out recall per form (found/total), forms with a miss:");
    for ((name, form), (found, total)) in &r.forms {
        if found < total {
            println!("  {name:<16} {form:<20} {found}/{total}");
        }
    }
    println!("false findings per form (a hard negative's form is its look-alike kind):");
    for ((name, form), n) in &r.false_forms {
        println!("  {name:<16} {form:<20} {n}");
    }
}

#[test]
fn heldout2_corpus_precision_and_recall() {
    let r = evaluate(
        &scanner(),
        include_str!("../corpus/heldout2/heldout2.jsonl"),
    );
    print_table(
        "second held-out corpus (corpus/heldout2/heldout2.jsonl)",
        &r,
    );
    print_forms(&r);
    // person_name: reported, no floor. Two structured detectors measured below 0.99 on the
    // last counted run against this corpus (README, *Second held-out corpus*): they are held at
    // what they measured (raised where a run improved them, never lowered), so a regression
    // still fails; ipv4 reached 1.000 and is back under the common bar. street_address is held
    // at what it measured (1.000 / 1.000 on that run).
    let held = [
        ("phone", (0.97, 0.96)),
        ("ssn", (0.99, 0.96)),
        ("street_address", (0.99, 0.99)),
    ];
    assert_held_out_floors(&r, &held);
}

/// The third held-out corpus: written blind to the detectors, the tuning data and both other
/// held-out corpora (corpus/heldout3/README.md), first run against the rules after session
/// 18's changes. Counts only.
#[test]
fn heldout3_corpus_precision_and_recall() {
    let r = evaluate(
        &scanner(),
        include_str!("../corpus/heldout3/heldout3.jsonl"),
    );
    print_table("third held-out corpus (corpus/heldout3/heldout3.jsonl)", &r);
    print_forms(&r);
    // Three structured detectors measured below 0.99 on the first run (README, *Third held-out
    // corpus*): held at what they measured, not tuned on it. credit_card reached 1.000 / 1.000
    // on the second counted run (Maestro from the specs) and is back under the common bar.
    let held = [("ipv4", (0.97, 0.99)), ("phone", (0.99, 0.96))];
    assert_held_out_floors(&r, &held);
}

/// The fourth held-out corpus: written blind to the detectors, the tuning data and the other
/// held-out corpora (corpus/heldout4/README.md), first run against the rules after session
/// 19's changes. Counts only.
#[test]
fn heldout4_corpus_precision_and_recall() {
    let r = evaluate(
        &scanner(),
        include_str!("../corpus/heldout4/heldout4.jsonl"),
    );
    print_table(
        "fourth held-out corpus (corpus/heldout4/heldout4.jsonl)",
        &r,
    );
    print_forms(&r);
    print_mistakes(&r);
    // Its first run (README, *Fourth held-out corpus*) measured six structured detectors below
    // 0.99. It was held out for that run only: since then its misses were read and tuned on (it
    // is tuning data now), and every structured detector is under the common bar but
    // aws_access_key: 51 of its 60 key ids hold a `0`, `1`, `8` or `9`, which AWS never issues
    // (base32); they are found where the text says credential, and 8 are not. Names and streets
    // at what they reach.
    let held = [
        ("aws_access_key", (0.99, 0.86)),
        ("person_name", (0.99, 0.88)),
        ("street_address", (0.99, 0.99)),
    ];
    assert_held_out_floors(&r, &held);
}

/// The fifth held-out corpus: written blind to the detectors, the tuning data and the other
/// corpora (corpus/heldout5/README.md), first run against the rules after the fourth corpus'
/// misses were tuned on. Held out for its first three counted runs; its misses were read and
/// tuned on since (the sixth corpus took its place), so it is tuning data now.
#[test]
fn heldout5_corpus_precision_and_recall() {
    let r = evaluate(
        &scanner(),
        include_str!("../corpus/heldout5/heldout5.jsonl"),
    );
    print_table("fifth held-out corpus (corpus/heldout5/heldout5.jsonl)", &r);
    print_forms(&r);
    print_mistakes(&r);
    // Every structured detector under the common bar; names and streets at what they reach.
    let held = [
        ("person_name", (0.95, 0.96)),
        ("street_address", (0.99, 0.87)),
    ];
    assert_held_out_floors(&r, &held);
}

/// The sixth held-out corpus: written blind to the detectors, the tuning data and the other
/// corpora (corpus/heldout6/README.md), first run against the rules after the fifth corpus'
/// misses were tuned on. Held out for its first three counted runs; its misses were read and
/// tuned on since (the seventh corpus took its place), so it is tuning data now.
#[test]
fn heldout6_corpus_precision_and_recall() {
    let r = evaluate(
        &scanner(),
        include_str!("../corpus/heldout6/heldout6.jsonl"),
    );
    print_table("sixth held-out corpus (corpus/heldout6/heldout6.jsonl)", &r);
    print_forms(&r);
    print_mistakes(&r);
    // Every structured detector under the common bar; names and streets at what they reach.
    let held = [
        ("person_name", (0.99, 0.97)),
        ("street_address", (0.99, 0.99)),
    ];
    assert_held_out_floors(&r, &held);
}

/// The seventh held-out corpus: written blind to the detectors, the tuning data and the other
/// corpora (corpus/heldout7/README.md), first run against the rules after the sixth corpus'
/// misses were tuned on. Held out for that run only (README, *Seventh held-out corpus*: nine
/// structured detectors missed values glued to CJK and Thai text and some national layouts,
/// phone recall 0.934 the lowest; names 0.876, streets 0.842); its misses were read and tuned
/// on since, so it is tuning data now.
#[test]
fn heldout7_corpus_precision_and_recall() {
    let r = evaluate(
        &scanner(),
        include_str!("../corpus/heldout7/heldout7.jsonl"),
    );
    print_table(
        "seventh held-out corpus (corpus/heldout7/heldout7.jsonl)",
        &r,
    );
    print_forms(&r);
    print_mistakes(&r);
    // Every structured detector under the common bar; names and streets at what they reach.
    let held = [
        ("person_name", (0.99, 0.92)),
        ("street_address", (0.99, 0.99)),
    ];
    assert_held_out_floors(&r, &held);
}

/// Every structured detector (and each `held` one) found something and reaches 0.99 / 0.99, or
/// for a `held` detector the (precision, recall) it measured on the corpus' counted run; hard
/// negatives kept ≥ 0.95.
fn assert_held_out_floors(r: &Report, held: &[(&str, (f64, f64))]) {
    let failed: Vec<&String> = r
        .scores
        .iter()
        .filter(|(n, s)| {
            let floor = held.iter().find(|(h, _)| h == n).map(|(_, f)| *f);
            (STRUCTURED.contains(&n.as_str()) || floor.is_some())
                && (s.tp == 0
                    || match floor {
                        Some((p, r)) => s.precision() < p || s.recall() < r,
                        None => bar_fails(n, s, 0.99, (0.99, 0.99), (0.0, 0.0)),
                    })
        })
        .map(|(n, _)| n)
        .collect();
    assert!(failed.is_empty(), "below the bar: {failed:?}");
    assert!(ratio(r.negatives_kept, r.negatives) >= 0.95);
}

#[test]
fn heldout_corpus_precision_and_recall() {
    let r = evaluate(&scanner(), include_str!("../corpus/heldout/heldout.jsonl"));
    print_table("held-out corpus (corpus/heldout/heldout.jsonl)", &r);
    print_forms(&r);
    let failed: Vec<&String> = r
        .scores
        .iter()
        .filter(|(n, s)| s.tp == 0 || bar_fails(n, s, 0.99, (0.99, 0.99), (0.95, 0.80)))
        .map(|(n, _)| n)
        .collect();
    assert!(failed.is_empty(), "below the bar: {failed:?}");
    assert!(ratio(r.negatives_kept, r.negatives) >= 0.95);
}

/// The eighth held-out corpus: written blind to the detectors, the tuning data and the other
/// corpora (corpus/heldout8/README.md), first run against the rules after the seventh corpus'
/// misses were tuned on. Held out for two counted runs (README, *Eighth held-out corpus*: ipv6
/// and ssn below the common bar, person_name and street_address over their 0.90 recall
/// target); its misses were read and tuned on in session 26, so it is tuning data now.
#[test]
fn heldout8_corpus_precision_and_recall() {
    let r = evaluate(
        &scanner(),
        include_str!("../corpus/heldout8/heldout8.jsonl"),
    );
    print_table(
        "eighth held-out corpus (corpus/heldout8/heldout8.jsonl)",
        &r,
    );
    print_forms(&r);
    print_mistakes(&r);
    // ssn: two SSNs whose cue is a sentence or a clause away (`…social security number. You
    // wrote 002.06.1813`, `SSN mismatch for record 8812 (got 528655558)`), left alone.
    let held = [
        ("ssn", (0.99, 0.97)),
        ("person_name", (0.99, 0.98)),
        ("street_address", (0.99, 0.96)),
    ];
    assert_held_out_floors(&r, &held);
}

/// The ninth held-out corpus: written blind to the detectors, the tuning data and the other
/// corpora from its brief only (corpus/heldout9/BRIEF.md, README.md), first run against the
/// rules after the eighth corpus' misses were tuned on. Held out for that run (README, *Ninth
/// held-out corpus*: ipv4 0.920 and ssn 0.929 recall, person_name 0.776, street_address 0.873),
/// tuning data since. Two label policies differ from the rules': its negatives hold JWTs whose
/// header is cut short, unsigned (`alg: none`) or of an unknown algorithm, which the rules mask
/// (a token that looks signed is a secret), and documentation IPv6 addresses (2001:db8::/32),
/// which the rules mask as other corpora label them.
#[test]
fn heldout9_corpus_precision_and_recall() {
    let r = evaluate(
        &scanner(),
        include_str!("../corpus/heldout9/heldout9.jsonl"),
    );
    print_table("ninth held-out corpus (corpus/heldout9/heldout9.jsonl)", &r);
    print_forms(&r);
    print_mistakes(&r);
    let held = [
        ("ipv6", (0.89, 0.99)),
        ("jwt", (0.70, 0.99)),
        ("ssn", (0.99, 0.98)),
        // (0.946 before a hostile review's fixes: speakers need a known name or letters beyond
        // ASCII, as a log's `[12:00:01] Connection Pool:` has the shape too.)
        ("person_name", (0.99, 0.93)),
        ("street_address", (0.99, 0.95)),
    ];
    assert_held_out_floors(&r, &held);
}

/// The tenth held-out corpus: written blind to the detectors, the tuning data and the other
/// corpora from its brief only (corpus/heldout10/BRIEF.md, README.md), first run against the
/// rules after the ninth corpus' misses were tuned on. Held out for that run, tuning data
/// since (its misses are printed).
///
/// First (blind) run, README *Tenth held-out corpus*: person_name (0.910) over its 0.90 recall
/// target, street_address (0.895) just under it; ipv6 (three malformed look-alikes taken for
/// addresses), phone and ssn (bare nine digits) below the common bar. Floors raised to what
/// the rules measure after tuning on it; two phone look-alikes stay a label-policy difference
/// (dotted quads with an octet above 255, `961.71.10.84`, which other corpora label as
/// Czech and Spanish mobiles).
#[test]
fn heldout10_corpus_precision_and_recall() {
    let r = evaluate(
        &scanner(),
        include_str!("../corpus/heldout10/heldout10.jsonl"),
    );
    print_table(
        "tenth held-out corpus (corpus/heldout10/heldout10.jsonl)",
        &r,
    );
    print_forms(&r);
    print_mistakes(&r);
    let held = [
        ("person_name", (0.99, 0.99)),
        ("street_address", (0.99, 0.98)),
    ];
    assert_held_out_floors(&r, &held);
}

/// The eleventh held-out corpus: written blind to the detectors, the tuning data and the other
/// corpora from its brief only (corpus/heldout11/BRIEF.md, README.md), first run against the
/// rules after the tenth corpus' misses and a hostile review's findings were tuned on.
///
/// First (blind) run, README *Eleventh held-out corpus*: keys, tokens, iban, jwt, private_key
/// 1.000; credit_card 0.991 and ipv6 0.993 over the common bar; bearer_token (0.944: a TOML
/// layout), email (0.989), ipv4 (0.982), ssn (0.974) and phone (precision 0.905: bare digit
/// runs its brief calls no phone) under it; person_name 0.786 and street_address 0.833 under
/// the 0.90 target. Its misses were then read and tuned on: it is tuning data now, held at
/// what the rules measure after that.
#[test]
fn heldout11_corpus_precision_and_recall() {
    let r = evaluate(
        &scanner(),
        include_str!("../corpus/heldout11/heldout11.jsonl"),
    );
    print_table(
        "eleventh held-out corpus (corpus/heldout11/heldout11.jsonl)",
        &r,
    );
    print_forms(&r);
    print_mistakes(&r);
    let held = [
        ("person_name", (0.99, 0.91)),
        ("street_address", (0.99, 0.96)),
    ];
    assert_held_out_floors(&r, &held);
}

/// The twelfth held-out corpus: written blind to the detectors, the tuning data and the other
/// corpora from its brief only (corpus/heldout12/BRIEF.md, README.md), first run against the
/// rules after the eleventh corpus was tuned on; tuning data since (its mistakes are printed).
///
/// First (blind) run, README *Twelfth held-out corpus*: every key and token type but
/// openai_key, credit_card, iban, jwt, private_key 1.000; email 0.997 and phone 0.991 over the
/// common bar; ipv4 0.793 and ipv6 0.908 (a tcpdump layout: 0/36 and 0/9), ssn 0.886 and
/// openai_key precision 0.922 (provider keys cut short) under it; person_name 0.918 (precision
/// 0.960) and street_address 0.921 over the 0.90 target. After tuning on it: every structured
/// type 1.000, person_name 0.992, street_address 0.996; floors at that.
#[test]
fn heldout12_corpus_precision_and_recall() {
    let r = evaluate(
        &scanner(),
        include_str!("../corpus/heldout12/heldout12.jsonl"),
    );
    print_table(
        "twelfth held-out corpus (corpus/heldout12/heldout12.jsonl)",
        &r,
    );
    print_forms(&r);
    print_mistakes(&r);
    let held = [
        ("email", (0.99, 0.99)),
        ("ipv4", (0.99, 0.99)),
        ("ipv6", (0.99, 0.99)),
        ("openai_key", (0.99, 0.99)),
        ("phone", (0.99, 0.99)),
        ("ssn", (0.99, 0.99)),
        ("person_name", (0.99, 0.99)),
        ("street_address", (0.99, 0.99)),
    ];
    assert_held_out_floors(&r, &held);
}

/// The thirteenth held-out corpus: written blind to the detectors, the tuning data and the
/// other corpora from its brief only (corpus/heldout13/BRIEF.md, README.md), committed before
/// any detector ran on it, first run against the rules after the twelfth corpus was tuned on;
/// tuning data since (its mistakes are printed).
///
/// First (blind) run, README *Thirteenth held-out corpus*: every key, token, IP, IBAN and SSN
/// type 1.000; credit_card precision 0.990 (a tracking number), email recall 0.995; phone
/// recall 0.981 (area brackets 9/12) under the bar; person_name 0.941 and street_address
/// 0.943 (slash numbers 3/12), precision 1.000. After a first tuning on it: phone 0.992,
/// person_name 0.949, street_address 0.984; floors at that.
#[test]
fn heldout13_corpus_precision_and_recall() {
    let r = evaluate(
        &scanner(),
        include_str!("../corpus/heldout13/heldout13.jsonl"),
    );
    print_table(
        "thirteenth held-out corpus (corpus/heldout13/heldout13.jsonl)",
        &r,
    );
    print_forms(&r);
    print_mistakes(&r);
    let held = [
        ("phone", (0.99, 0.99)),
        ("person_name", (0.99, 0.94)),
        ("street_address", (0.99, 0.98)),
    ];
    assert_held_out_floors(&r, &held);
}
