//! The texts every candidate is timed on, built deterministically from the repository's own
//! prose and code plus a few hand-written samples, and a timing helper.

/// Seconds of this thread's CPU time (wall time in wasm, where there is no such clock).
pub fn now() -> f64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: a valid out pointer for the call.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
    }
    #[cfg(target_arch = "wasm32")]
    {
        use std::sync::OnceLock;
        static START: OnceLock<std::time::Instant> = OnceLock::new();
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_secs_f64()
    }
}

pub struct Sample {
    pub name: &'static str,
    /// Texts counted one by one (a chat request's strings, or one big prompt).
    pub texts: Vec<String>,
}

impl Sample {
    pub fn bytes(&self) -> usize {
        self.texts.iter().map(String::len).sum()
    }
}

const PROSE: &[&str] = &[
    include_str!("../../../../README.md"),
    include_str!("../../README.md"),
    include_str!("../../../prompt-transform/README.md"),
    include_str!("../../../dynamic-module/README.md"),
    include_str!("../../../pii-mask/README.md"),
];
const CODE: &[&str] = &[
    include_str!("../../src/count.rs"),
    include_str!("../../src/quota.rs"),
    include_str!("../../src/session.rs"),
    include_str!("../../src/report.rs"),
];
const CJK: &str = "大型语言模型的网关在转发请求之前统计令牌数量，并根据配额拒绝超出预算的请求。\
東京の天気は明日も晴れでしょう。気温は二十五度まで上がる見込みです。\
모델 라우터는 요청을 가장 저렴한 백엔드로 보냅니다. 토큰 수는 정확해야 합니다. ";
const EMOJI: &str = "Great job 🎉🎉 see you soon 👋🏽 — 👨‍👩‍👧‍👦 family trip 🇩🇪🇫🇷 ✈️ \
🤖 says: the answer is 42 ✅ ❤️‍🔥 ";

fn repeat_to(parts: &[&str], size: usize) -> String {
    let mut s = String::with_capacity(size + 4096);
    'outer: loop {
        for p in parts {
            s.push_str(p);
            if s.len() >= size {
                break 'outer;
            }
        }
    }
    let cut = (0..=size.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0);
    s.truncate(cut);
    s
}

/// Short chat strings: sentences of the prose, 40–400 bytes each, about 1 KB per "request".
fn chat_texts() -> Vec<String> {
    let prose = PROSE.concat();
    prose
        .split(['.', '\n'])
        .map(str::trim)
        .filter(|s| s.len() >= 40 && s.len() <= 400)
        .map(|s| format!("{s}."))
        .take(400)
        .collect()
}

fn whitespace() -> String {
    let mut s = String::new();
    let mut i = 0u32;
    while s.len() < 100_000 {
        let indent = (i * 7 % 13) as usize;
        s.push_str(&" ".repeat(indent * 4));
        s.push_str("value = compute(x,   y)\t\t# trailing   \r\n");
        if i.is_multiple_of(50) {
            s.push_str(&" ".repeat(3000));
            s.push('\n');
        }
        i += 1;
    }
    s
}

pub fn samples() -> Vec<Sample> {
    vec![
        Sample {
            name: "chat strings (~100 B each)",
            texts: chat_texts(),
        },
        Sample {
            name: "1 KB prompt",
            texts: vec![repeat_to(PROSE, 1024)],
        },
        Sample {
            name: "100 KB prose",
            texts: vec![repeat_to(PROSE, 100_000)],
        },
        Sample {
            name: "100 KB code",
            texts: vec![repeat_to(CODE, 100_000)],
        },
        Sample {
            name: "30 KB CJK",
            texts: vec![repeat_to(&[CJK], 30_000)],
        },
        Sample {
            name: "30 KB emoji+text",
            texts: vec![repeat_to(&[EMOJI], 30_000)],
        },
        Sample {
            name: "100 KB whitespace runs",
            texts: vec![whitespace()],
        },
    ]
}

/// MB/s (10^6 bytes per second of CPU time) of `f` over the sample, best of five rounds of at
/// least 0.2 s each; also returns the token count (to check the candidates agree).
pub fn measure(sample: &Sample, mut f: impl FnMut(&str) -> usize) -> (f64, f64, usize) {
    let tokens: usize = sample.texts.iter().map(|t| f(t)).sum();
    let bytes = sample.bytes() as f64;
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = now();
        let mut rounds = 0u32;
        while now() - start < 0.2 {
            for t in &sample.texts {
                std::hint::black_box(f(std::hint::black_box(t)));
            }
            rounds += 1;
        }
        best = best.min((now() - start) / f64::from(rounds));
    }
    let per_text_us = best * 1e6 / sample.texts.len() as f64;
    (bytes / best / 1e6, per_text_us, tokens)
}
