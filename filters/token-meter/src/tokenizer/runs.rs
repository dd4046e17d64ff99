//! BPE of a long piece made of few runs of one repeated part (indentation, a blank line of 3000
//! spaces, `-----`, `\t\t\t`): the parts are kept run-length encoded, and a merge that tiktoken
//! would repeat along a whole run is done for the run at once. A run of N spaces then costs a
//! few dozen steps (one per doubling) instead of N merges with heap updates.
//!
//! Exact: every step is tiktoken's next merge (the lowest-ranked pair, the leftmost of equals),
//! found over the groups. A batch stands for the merges tiktoken makes one after another along a
//! group `p^n`: after k of them the group is `(pp)^k p^(n-2k)`, and its next merge is again the
//! `p p` at 2k exactly when no pair to its left ranks at or below r, the rank of `p p`. Pairs left
//! of the group ranked above r already (r was the leftmost minimum); the only new pairs there are
//! `pp p`, `pp pp` and the previous part with `pp`, so the batch is taken only when each of them
//! is no token or ranks above r (checked on the piece's own bytes). Otherwise one merge is made.
//! Too many groups or steps hand the state so far to the general merge, which continues it.

/// A rank meaning "no token".
const NONE: u32 = u32::MAX;
/// Most groups kept; more (a piece of many short runs) goes to the general merge.
pub const MAX_GROUPS: usize = 64;
/// Most steps: each costs a scan of the groups, so a piece where batches never apply (many
/// single merges) goes to the general merge instead of taking steps × groups.
const MAX_STEPS: u32 = 2048;

/// `count` equal parts of `len` bytes from `start`, with the ranks of its inner pair (`p p`, if
/// `count >= 2`) and of its last part with the next group's first.
#[derive(Clone, Copy, Debug)]
pub struct Group {
    start: u32,
    len: u32,
    count: u32,
    inner: u32,
    cross: u32,
}

impl Group {
    fn end(&self) -> u32 {
        self.start + self.len * self.count
    }
}

/// Groups the initial parts (`starts`, ending at `n`) of `piece` into runs of equal parts.
/// False when there would be more than [`MAX_GROUPS`].
pub fn group(piece: &[u8], starts: &[u32], n: u32, groups: &mut Vec<Group>) -> bool {
    groups.clear();
    let end = |i: usize| starts.get(i).copied().unwrap_or(n);
    for (i, &a) in starts.iter().enumerate() {
        let len = end(i + 1).saturating_sub(a);
        if let Some(g) = groups.last_mut() {
            if g.len == len && same(piece, g.start, a, len) {
                g.count += 1;
                continue;
            }
        }
        if groups.len() == MAX_GROUPS {
            return false;
        }
        groups.push(Group {
            start: a,
            len,
            count: 1,
            inner: NONE,
            cross: NONE,
        });
    }
    true
}

/// The parts of `piece[a..a + len]` and `piece[b..b + len]` are the same bytes.
fn same(piece: &[u8], a: u32, b: u32, len: u32) -> bool {
    let at = |s: u32| piece.get(s as usize..(s + len) as usize);
    matches!((at(a), at(b)), (Some(x), Some(y)) if x == y)
}

/// Merges the grouped parts as tiktoken would, then writes the parts' starts (the final
/// state, or the state where it stopped early) to `starts`; the caller finishes the merge.
pub fn merge(
    rank_of: &mut impl FnMut(u32, u32) -> u32,
    piece: &[u8],
    groups: &mut Vec<Group>,
    starts: &mut Vec<u32>,
) {
    let all = groups.len();
    refresh(rank_of, groups, 0, all);
    let mut steps = 0;
    while steps < MAX_STEPS && groups.len() <= MAX_GROUPS {
        steps += 1;
        // The leftmost lowest pair: a group's inner pair comes before its cross pair.
        let mut best = (NONE, 0usize, false);
        for (i, g) in groups.iter().enumerate() {
            if g.inner < best.0 {
                best = (g.inner, i, true);
            }
            if g.cross < best.0 {
                best = (g.cross, i, false);
            }
        }
        let (r, i, inner) = best;
        if r == NONE {
            break;
        }
        let Some(&g) = groups.get(i) else { break };
        if inner {
            let (s, l, n) = (g.start, g.len, g.count);
            // The pairs a batch along the group creates to the left of its next merge.
            let above = |x: u32| x == NONE || x > r;
            let prev_ok = match i.checked_sub(1).and_then(|j| groups.get(j)) {
                Some(p) => above(rank_of(s.saturating_sub(p.len), s + 2 * l)),
                None => true,
            };
            let batch = n >= 3
                && prev_ok
                && above(rank_of(s, s + 3 * l))
                && (n < 4 || above(rank_of(s, s + 4 * l)));
            let k = if batch { n / 2 } else { 1 };
            let merged = Group {
                start: s,
                len: 2 * l,
                count: k,
                inner: NONE,
                cross: NONE,
            };
            let rest = Group {
                start: s + 2 * l * k,
                len: l,
                count: n - 2 * k,
                inner: NONE,
                cross: NONE,
            };
            replace(groups, i, 1, [merged, rest]);
            fix(rank_of, piece, groups, i, 2);
        } else {
            let Some(&h) = groups.get(i + 1) else { break };
            let t = h.start;
            let left = Group {
                count: g.count - 1,
                ..g
            };
            let joined = Group {
                start: t.saturating_sub(g.len),
                len: g.len + h.len,
                count: 1,
                inner: NONE,
                cross: NONE,
            };
            let right = Group {
                start: t + h.len,
                count: h.count - 1,
                ..h
            };
            replace(groups, i, 2, [left, joined, right]);
            fix(rank_of, piece, groups, i, 3);
        }
    }
    starts.clear();
    for g in groups.iter() {
        for k in 0..g.count {
            starts.push(g.start + k * g.len);
        }
    }
}

/// Puts the non-empty ones of `new` in place of `groups[i..i + old]`.
fn replace<const N: usize>(groups: &mut Vec<Group>, i: usize, old: usize, new: [Group; N]) {
    let end = (i + old).min(groups.len());
    groups.splice(i.min(end)..end, new.into_iter().filter(|g| g.count > 0));
}

/// After `groups[i..i + width]` changed (some may have gone): joins equal neighbours there and
/// recomputes the ranks of the groups around it.
fn fix(
    rank_of: &mut impl FnMut(u32, u32) -> u32,
    piece: &[u8],
    groups: &mut Vec<Group>,
    i: usize,
    width: usize,
) {
    let lo = i.saturating_sub(1);
    let mut hi = (i + width + 1).min(groups.len());
    let mut j = lo;
    while j + 1 < hi {
        match (groups.get(j).copied(), groups.get(j + 1).copied()) {
            (Some(a), Some(b)) if a.len == b.len && same(piece, a.start, b.start, a.len) => {
                if let Some(x) = groups.get_mut(j) {
                    x.count += b.count;
                }
                groups.remove(j + 1);
                hi -= 1;
            }
            _ => j += 1,
        }
    }
    refresh(rank_of, groups, lo, hi);
}

/// Recomputes the pair ranks of `groups[lo..hi]`.
fn refresh(rank_of: &mut impl FnMut(u32, u32) -> u32, groups: &mut [Group], lo: usize, hi: usize) {
    for j in lo..hi {
        let next = groups.get(j + 1).map(|h| h.start + h.len);
        let Some(g) = groups.get_mut(j) else { break };
        g.inner = if g.count >= 2 {
            rank_of(g.start, g.start + 2 * g.len)
        } else {
            NONE
        };
        g.cross = match next {
            Some(b) => rank_of(g.end() - g.len, b),
            None => NONE,
        };
    }
}
