//! The tokenizer against tiktoken-rs (the implementation it replaced) as oracle: the same token
//! ids as `encode_ordinary` on random text built from the cases the split patterns treat
//! differently, streams counted in any chunking equal the whole text, huge pre-tokens.

use proptest::prelude::*;
use std::time::Instant;
use token_meter::encoding::Encoding;
use token_meter::tokenizer::{StreamCounter, Tokenizer};

fn oracle(e: Encoding) -> &'static tiktoken_rs::CoreBPE {
    match e {
        Encoding::O200kBase => tiktoken_rs::o200k_base_singleton(),
        Encoding::Cl100kBase => tiktoken_rs::cl100k_base_singleton(),
    }
}

/// Fragments where the patterns' alternatives meet.
const FRAGMENTS: &[&str] = &[
    "hello",
    "Hello",
    "HELLO",
    "hELLo",
    "x",
    "I",
    " ",
    "  ",
    "   ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    " \n ",
    "\u{a0}",
    "\u{3000}",
    "\u{2028}",
    "\u{85}",
    "\u{b}",
    "\u{c}",
    "\u{200b}",
    "'s",
    "'S",
    "'ll",
    "'LL",
    "'Ll",
    "'re",
    "'RE",
    "'ve",
    "'t",
    "'T",
    "'d",
    "'m",
    "'M",
    "'\u{17f}",
    "'",
    "''",
    "don't",
    "I'm",
    "we'll",
    "THEY'RE",
    "1",
    "12",
    "123",
    "1234",
    "12345",
    "٣",
    "½",
    "Ⅻ",
    "3.14",
    "-",
    "--",
    "/",
    "//",
    "...",
    "!?",
    "(",
    ")",
    "{\"a\": 1}",
    "<|endoftext|>",
    "<|fim_prefix|>",
    "<|endofprompt|>",
    "漢字",
    "日本語のテキスト",
    "한국어",
    "😀",
    "👍🏽",
    "👨‍👩‍👧",
    "🇩🇪",
    "e\u{301}",
    "\u{301}",
    "\u{301}\u{301}a",
    "ǅ",
    "ǅa",
    "ʰ",
    "ʰa",
    "Aʰ",
    "aʰB",
    "Größe",
    "ΑΒΓ",
    "αβγ",
    "Привет",
    "ПРИВЕТ",
    "مرحبا",
    "नमस्ते",
    "ไทย",
    "ß",
    "ﬁ",
    "İ",
    "fn main() {",
    "    ",
    "\t\t",
    "    return x;",
    "é",
    "É",
    "\u{feff}",
    "\u{0}",
    "~",
    "$",
    "€",
    // Where the ASCII fast paths (pretok.rs) stop: contractions, case changes, punctuation
    // runs before newlines and slashes, digit groups, an apostrophe or quote first.
    "'s",
    "'S",
    "'ll",
    "don't",
    "camelCase",
    "HTMLParser",
    "...",
    "--",
    ",\n",
    "!/",
    "\n/",
    " (",
    " 'x",
    "'",
    "\"",
    "12",
    "1234",
    "a1",
    "x²",
    "!é",
    " ;\r\n",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "\\PC{0,8}",
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => (proptest::sample::select(&[" ", "a", "\n", "1", "!", "\u{a0}", "\u{301}"][..]), 1usize..300)
            .prop_map(|(s, n)| s.repeat(n)),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..24).prop_map(|v| v.concat())
}

/// Characters of the scripts whose characters enter the merge pre-merged (chars.rs), and of
/// the neighbours that decide it: spaces and ASCII before them, Indic and Armenian lead bytes
/// after them, 4-byte characters, 2-byte letters.
fn script_char() -> impl Strategy<Value = char> {
    let range = |a: u32, b: u32| (a..=b).prop_filter_map("surrogate", char::from_u32);
    prop_oneof![
        4 => range(0x4e00, 0x9fff),
        2 => range(0x3040, 0x30ff),
        2 => range(0xac00, 0xd7a3),
        1 => range(0x3000, 0x303f),
        1 => range(0xff00, 0xffef),
        1 => range(0x0900, 0x0dff),
        1 => range(0x0e00, 0x0e7f),
        1 => range(0x0530, 0x058f),
        1 => range(0x0400, 0x04ff),
        1 => range(0x00a0, 0x07ff),
        1 => range(0x0800, 0xffff),
        1 => range(0x1f300, 0x1faff),
        1 => proptest::sample::select(&[' ', ' ', '\n', 'a', 'Z', '1', '!', ',', '\'', '。', '，'][..]),
    ]
}

/// Runs of those characters, a few to a few hundred long (the heap path from 33 parts).
fn script_run() -> impl Strategy<Value = String> {
    proptest::collection::vec(script_char(), 1..160).prop_map(|v| v.into_iter().collect())
}

fn encodings() -> impl Strategy<Value = Encoding> {
    proptest::sample::select(&Encoding::ALL[..])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn ids_equal_tiktoken_rs(e in encodings(), s in text()) {
        let want = oracle(e).encode_ordinary(&s);
        let have = Tokenizer::get(e).encode(&s);
        prop_assert_eq!(&have, &want, "split {:?}", Tokenizer::get(e).split(&s));
        prop_assert_eq!(Tokenizer::get(e).count(&s), want.len());
    }

    #[test]
    fn stream_count_in_any_chunking_equals_whole_text(
        e in encodings(),
        s in text(),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        let mut at: Vec<usize> = cuts.iter().map(|i| i.index(s.len() + 1)).collect();
        at.push(s.len());
        at.sort_unstable();
        let mut counter = StreamCounter::new(e);
        let mut from = 0;
        for cut in at {
            let cut = (cut..=s.len()).find(|&c| s.is_char_boundary(c)).unwrap();
            counter.push(&s[from..cut]);
            from = cut;
        }
        prop_assert_eq!(counter.total(), oracle(e).encode_ordinary(&s).len() as u64);
    }
}

/// Every code point of the character tables (U+0080..U+FFFF) next to neighbours of every kind
/// the table distinguishes: the neighbouring code points, unrelated ones, a space, ASCII, a
/// CJK, Indic (lead byte E0), Armenian (D5) or 4-byte character on both sides. The
/// ids must equal tiktoken-rs's: an exhaustive check of the pre-merge over the code points.
#[test]
fn every_code_point_in_every_neighbourhood_equals_tiktoken_rs() {
    let cps: Vec<char> = (0x80..=0xffffu32).filter_map(char::from_u32).collect();
    let shuffled: Vec<char> = {
        // A fixed permutation (stride coprime to the length): unrelated neighbours.
        let n = cps.len();
        (0..n).map(|i| cps[i * 7919 % n]).collect()
    };
    let mut texts: Vec<String> = Vec::new();
    for order in [&cps, &shuffled] {
        for chunk in order.chunks(40) {
            texts.push(chunk.iter().collect());
        }
    }
    // Each character between two copies of one neighbour: one of every class of chars.rs
    // (space, ASCII, continuation byte before; ASCII, 2-byte, 3-byte E0, 4-byte lead after;
    // the shuffled order gives every other 3-byte lead).
    for sep in [" ", "a", "的", "क", "Ֆ", "😀"] {
        for chunk in shuffled.chunks(40) {
            let mut t = String::new();
            for c in chunk {
                t.push_str(sep);
                t.push(*c);
            }
            texts.push(t);
        }
    }
    for e in Encoding::ALL {
        let tok = Tokenizer::get(e);
        for t in &texts {
            let have = tok.encode(t);
            if have != oracle(e).encode_ordinary(t) {
                panic!("{e:?}: ids differ from tiktoken-rs on {t:?}");
            }
        }
    }
}

proptest! {
    // Longer texts than above (debug-build tiktoken-rs is slow on them): fewer cases.
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn script_runs_equal_tiktoken_rs(e in encodings(), s in script_run()) {
        let want = oracle(e).encode_ordinary(&s);
        prop_assert_eq!(&Tokenizer::get(e).encode(&s), &want, "split {:?}", Tokenizer::get(e).split(&s));
        prop_assert_eq!(Tokenizer::get(e).count(&s), want.len());
    }
}

/// Units repeated into runs (runs.rs merges a run at a time): white space of every kind,
/// punctuation, letters, a 2-byte and a 3-byte character, an emoji, pairs.
const RUN_UNITS: &[&str] = &[
    " ", " ", " ", "\t", "\n", "\r\n", "\r", "\u{b}", "\u{c}", "\u{a0}", "\u{3000}", "  \n", " \t",
    "-", "=", "*", "#", ".", "!", "a", "A", "1", "é", "的", "😀", "ab", "\n ", "-=",
];

/// Text of a few runs of those units (1–400 repeats), so whitespace pieces such as
/// `"   \r\n" + 3000 spaces + "\n"` and long punctuation runs take the run-length merge.
fn runs_text() -> impl Strategy<Value = String> {
    let run = (proptest::sample::select(RUN_UNITS), 1usize..400).prop_map(|(u, n)| u.repeat(n));
    let word = proptest::sample::select(&["", "x", "value", "Hello", " y", "的"][..]);
    (word.clone(), proptest::collection::vec(run, 1..6), word)
        .prop_map(|(a, runs, b)| format!("{a}{}{b}", runs.concat()))
}

proptest! {
    // Long texts (debug-build tiktoken-rs merges them quadratically): few cases.
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn runs_equal_tiktoken_rs(e in encodings(), s in runs_text()) {
        let want = oracle(e).encode_ordinary(&s);
        let tok = Tokenizer::get(e);
        prop_assert_eq!(&tok.encode(&s), &want, "split {:?}", tok.split(&s));
        prop_assert_eq!(&tok.encode_from_bytes(&s), &want);
        prop_assert_eq!(tok.count(&s), want.len());
    }
}

#[test]
fn long_pre_tokens_equal_tiktoken_rs() {
    // Beyond 128 bytes the merge uses the heap; tiktoken-rs's own large-piece path is the oracle.
    for e in Encoding::ALL {
        for s in [
            " ".repeat(50_000) + "x",
            "a".repeat(20_000),
            "ab".repeat(9_999),
            "\u{a0}".repeat(3000),
            "漢".repeat(5000),
            "大型语言模型的网关在转发请求之前统计令牌数量".repeat(300),
            "모델라우터는요청을".repeat(500),
            "!".repeat(7000),
            "x".repeat(129),
            "Hello".repeat(40),
            // The bench's whitespace runs: a blank line of 3000 spaces inside a newline piece.
            format!(
                "trailing   \r\n{}\n{}value",
                " ".repeat(3000),
                " ".repeat(28)
            ),
            "\t".repeat(5000) + "x",
            "\n".repeat(4000),
            "-".repeat(3001) + "\n",
        ] {
            let want = oracle(e).encode_ordinary(&s);
            assert_eq!(Tokenizer::get(e).encode(&s), want, "{e:?} {:?}…", &s[..8]);
        }
    }
}

#[test]
fn two_megabyte_runs_count_in_bounded_time() {
    // tiktoken-rs panics on runs like these (its regex backtrack stack overflows); ours is
    // O(n log n). The time is printed, not asserted (machines differ).
    // One 2 MB run per encoding keeps the debug-build test time modest.
    for (e, s) in [
        (Encoding::O200kBase, " ".repeat(2 << 20)),
        (Encoding::Cl100kBase, "a".repeat(2 << 20)),
    ] {
        let t = Instant::now();
        let n = Tokenizer::get(e).count(&s);
        eprintln!(
            "{e:?}: {} MB run of {:?}: {n} tokens in {:?}",
            s.len() >> 20,
            &s[..1],
            t.elapsed()
        );
        // No token is longer than 128 bytes, none shorter than one.
        assert!(n >= s.len() / 128 && n <= s.len(), "{n}");
    }
    // Digits come in threes, whatever their number: an independent exact count.
    assert_eq!(
        Encoding::O200kBase.tokenizer_count("1".repeat(3 << 20)),
        1 << 20
    );
}

trait Count {
    fn tokenizer_count(self, s: String) -> usize;
}
impl Count for Encoding {
    fn tokenizer_count(self, s: String) -> usize {
        Tokenizer::get(self).count(&s)
    }
}

/// The premise of cutting a piece (cuts.rs): a pair of whole 2/3-byte characters found in any
/// token is one the table says may meet. Found here without the table's own scan: every 4–6-byte
/// window of every token that std decodes as exactly two such characters.
#[test]
fn every_character_pair_inside_a_token_may_meet() {
    for e in Encoding::ALL {
        let tok = Tokenizer::get(e);
        let mut pairs = 0;
        for (_, t) in tok.ranks().tokens() {
            for l in 4..=6 {
                for w in t.windows(l) {
                    if w[0] < 0xc2 {
                        continue;
                    }
                    let Ok(s) = std::str::from_utf8(w) else {
                        continue;
                    };
                    let cs: Vec<char> = s.chars().collect();
                    if cs.len() == 2 && cs.iter().all(|c| (2..=3).contains(&c.len_utf8())) {
                        pairs += 1;
                        assert!(tok.cuts().may_meet(w), "{e:?}: {s:?} is in a token");
                    }
                }
            }
        }
        assert!(pairs > 500, "{e:?}: only {pairs} pairs found");
    }
}

/// Pieces of the vocabulary's own multi-character CJK, kana and Hangul tokens (whole, halves,
/// one character), so neighbouring characters in the text below often do meet in a token, and
/// long pieces are cut between some of them and not others.
fn cjk_fragments() -> &'static [String] {
    static F: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let mut out = Vec::new();
        for e in Encoding::ALL {
            for (_, t) in Tokenizer::get(e).ranks().tokens() {
                let Ok(s) = std::str::from_utf8(t) else {
                    continue;
                };
                let cs: Vec<char> = s.chars().collect();
                if cs.len() < 2 || !cs.iter().all(|c| c.len_utf8() == 3) {
                    continue;
                }
                let h = cs.len() / 2;
                out.push(s.to_string());
                out.push(cs[..h].iter().collect());
                out.push(cs[h..].iter().collect());
            }
        }
        out.sort();
        out.dedup();
        out
    })
}

fn cjk_text() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        6 => proptest::sample::select(cjk_fragments()),
        2 => script_char().prop_map(|c| c.to_string()),
        1 => proptest::sample::select(&["。", "，", " ", "、", "的", "é", "Ж", "a"][..]).prop_map(str::to_string),
    ];
    proptest::collection::vec(part, 1..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// Long CJK/kana/Hangul pieces made of real tokens' characters: the counts (the only path
    /// that cuts pieces, cuts.rs) equal tiktoken-rs's, and so do the ids (never cut).
    #[test]
    fn cut_cjk_pieces_count_as_tiktoken_rs(e in encodings(), s in cjk_text()) {
        let want = oracle(e).encode_ordinary(&s);
        let tok = Tokenizer::get(e);
        prop_assert_eq!(tok.count(&s), want.len(), "split {:?}", tok.split(&s));
        prop_assert_eq!(&tok.encode(&s), &want);
    }
}
