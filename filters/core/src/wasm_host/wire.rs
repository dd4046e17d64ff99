//! The proxy-wasm wire encodings the adapter needs: header maps and property paths. Plain Rust,
//! tested natively; decoding never panics on a malformed map.

/// Property paths: segments separated by NUL bytes, none after the last (Envoy takes the whole
/// buffer as the key of a filter state it sets, so a trailing NUL would become part of the key).
pub fn encode_path(path: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, segment) in path.iter().enumerate() {
        if i > 0 {
            out.push(0);
        }
        out.extend_from_slice(segment.as_bytes());
    }
    out
}

/// Header maps on the wire: `count: u32`, then `(name_len: u32, value_len: u32)` per pair, then
/// each name and value followed by a NUL byte. Little-endian (wasm).
pub fn encode_pairs(pairs: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
    for (name, value) in pairs {
        out.extend_from_slice(&(name.len() as u32).to_le_bytes());
        out.extend_from_slice(&(value.len() as u32).to_le_bytes());
    }
    for (name, value) in pairs {
        out.extend_from_slice(name.as_bytes());
        out.push(0);
        out.extend_from_slice(value);
        out.push(0);
    }
    out
}

/// The inverse of [`encode_pairs`]; a malformed map yields the pairs that could be read.
pub fn decode_pairs(bytes: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    let word = |at: usize| -> Option<usize> {
        let b = bytes.get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes([*b.first()?, *b.get(1)?, *b.get(2)?, *b.get(3)?]) as usize)
    };
    let Some(count) = word(0) else {
        return Vec::new();
    };
    let mut sizes = Vec::new();
    for i in 0..count.min(bytes.len() / 8) {
        let (Some(n), Some(v)) = (word(4 + i * 8), word(8 + i * 8)) else {
            break;
        };
        sizes.push((n, v));
    }
    let mut at = 4 + count.saturating_mul(8);
    let mut pairs = Vec::with_capacity(sizes.len());
    for (n, v) in sizes {
        let Some(name) = at.checked_add(n).and_then(|end| bytes.get(at..end)) else {
            break;
        };
        at = at.saturating_add(n).saturating_add(1);
        let Some(value) = at.checked_add(v).and_then(|end| bytes.get(at..end)) else {
            break;
        };
        at = at.saturating_add(v).saturating_add(1);
        pairs.push((name.to_vec(), value.to_vec()));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_round_trip_with_arbitrary_bytes() {
        let pairs: Vec<(&str, &[u8])> =
            vec![(":path", b"/v1"), ("x-note", b"caf\xe9"), ("empty", b"")];
        let decoded = decode_pairs(&encode_pairs(&pairs));
        let expected: Vec<(Vec<u8>, Vec<u8>)> = pairs
            .iter()
            .map(|(n, v)| (n.as_bytes().to_vec(), v.to_vec()))
            .collect();
        assert_eq!(decoded, expected);
    }

    #[test]
    fn paths_are_separated_not_terminated() {
        assert_eq!(encode_path(&["xds", "route_name"]), b"xds\0route_name");
        assert_eq!(encode_path(&["llm.fallback_plan"]), b"llm.fallback_plan");
        assert!(encode_path(&[]).is_empty());
    }

    #[test]
    fn malformed_maps_do_not_panic() {
        assert!(decode_pairs(&[]).is_empty());
        assert!(decode_pairs(&[255, 255, 255, 255]).is_empty());
        let mut truncated = encode_pairs(&[("a", b"b")]);
        truncated.truncate(truncated.len() - 2);
        assert!(decode_pairs(&truncated).is_empty());
    }
}
