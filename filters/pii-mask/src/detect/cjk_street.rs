//! Street lines of Chinese and Japanese, which no word boundary sets off: a road's name in
//! ideographs and kana glued to its number (`杏林路137号`, `梧桐巷373号`, `若葉台中央通り2-23`).
//! Found from their fixed parts (`号`/`號` after a road word and digits, digits after `通り`),
//! so texts without them cost one literal search each.

/// Road words a Chinese house number follows (`路`, `街`, `巷`, `道`, `弄`, `胡同`'s `同`).
const CHINESE_ROADS: &[char] = &['路', '街', '巷', '道', '弄', '同', '里'];

/// Divisions that end before the street (`朝阳区建国路88号` keeps `建国路88号`).
const DIVISIONS: &[char] = &[
    '省', '市', '区', '區', '县', '縣', '镇', '鎮', '都', '府', '県',
];

/// The most ideographs and kana a street name has before its road word.
const MAX_NAME: usize = 8;

/// Pushes `(start, end)` of every such street line in `text`.
pub fn find(text: &str, out: &mut Vec<(usize, usize)>) {
    for mark in ["号", "號"] {
        for (at, _) in text.match_indices(mark) {
            if let Some(start) = chinese_start(text, at) {
                out.push((start, at + mark.len()));
            }
        }
    }
    for (at, road) in text.match_indices("通り") {
        let after = at + road.len();
        if let Some(end) = block_number_end(text, after) {
            if let Some(start) = name_start(text, at) {
                out.push((start, end));
            }
        }
    }
}

/// The start of `路137` before a `号` at `mark`: digits, a road word, one to eight ideographs.
fn chinese_start(text: &str, mark: usize) -> Option<usize> {
    let before = text.get(..mark)?;
    let digits = before.bytes().rev().take_while(u8::is_ascii_digit).count();
    if !(1..=5).contains(&digits) {
        return None;
    }
    let road_end = mark - digits;
    let road = text.get(..road_end)?.chars().next_back()?;
    if !CHINESE_ROADS.contains(&road) {
        return None;
    }
    name_start(text, road_end - road.len_utf8())
}

/// Where the name ending at `end` starts: one to eight ideographs or kana back, stopping after
/// a division word; None when none is there or the run is longer (prose, not a name).
fn name_start(text: &str, end: usize) -> Option<usize> {
    let before = text.get(..end)?;
    let mut start = end;
    for (count, c) in before.chars().rev().enumerate() {
        if !cjk_letter(c) || DIVISIONS.contains(&c) {
            break;
        }
        if count == MAX_NAME {
            return None;
        }
        start -= c.len_utf8();
    }
    (start < end).then_some(start)
}

/// The end of a Japanese block number after `from`: `2-23`, `7-29-3`, `12` followed by `番地`.
fn block_number_end(text: &str, from: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    let mut end = 0;
    let mut parts = 0;
    for part in rest.split('-') {
        let digits = part.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=4).contains(&digits) || parts == 3 {
            break;
        }
        end += digits + usize::from(parts > 0);
        parts += 1;
        if digits < part.len() {
            break;
        }
    }
    // (One number alone only with its `番地`: `通り3` may be a count.)
    let tail = rest.get(end..).unwrap_or("");
    let glued_on = tail.starts_with(|c: char| c.is_ascii_alphanumeric());
    ((parts >= 2 || tail.starts_with("番地")) && !glued_on).then_some(from + end)
}

/// An ideograph or a kana letter.
fn cjk_letter(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || ('\u{3040}'..='\u{309F}').contains(&c)
        || ('\u{30A0}'..='\u{30FF}').contains(&c)
}

#[cfg(test)]
mod tests {
    fn found(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        super::find(text, &mut out);
        out.iter().map(|&(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn chinese_and_japanese_streets_with_their_numbers() {
        assert_eq!(found("📍 杏林路137号\n"), ["杏林路137号"]);
        assert_eq!(found("Domicilio: 梧桐巷373号"), ["梧桐巷373号"]);
        assert_eq!(found("北京市朝阳区建国路88号"), ["建国路88号"]);
        assert_eq!(
            found("住所 — 若葉台中央通り7-29! おかし"),
            ["若葉台中央通り7-29"]
        );
        assert_eq!(
            found("\"street\": \"若葉台中央通り2-23\""),
            ["若葉台中央通り2-23"]
        );
    }

    #[test]
    fn numbers_that_are_no_house_numbers() {
        // No road word before the number; a count after `通り`; a run too long for a name.
        assert!(found("第3号").is_empty());
        assert!(found("订单12345号").is_empty());
        assert!(found("予想通り3つ").is_empty());
        assert!(found("这是一个非常非常长的句子说的路12号").is_empty());
        assert!(found("路12号").is_empty());
    }
}
