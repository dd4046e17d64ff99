//! Incremental server-sent-events (SSE) parser and writer.
//!
//! The parser follows the WHATWG EventSource rules
//! (<https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation>)
//! and accepts any chunking: a chunk boundary may fall inside a UTF-8 sequence, inside a field
//! line, or between the CR and LF of a CRLF. Each byte is scanned once; a line is only copied
//! when it spans chunks.
//!
//! Deliberate differences from a browser, because a proxy re-serializes what it parses:
//! - A block is dispatched when it holds anything at all (data, `event`, `id`, `retry` or a
//!   comment), not only when it has data. Comment keep-alives (`: ping`) and `retry:` hints thus
//!   survive a parse/write round trip. Consumers must ignore events whose `data` they don't need.
//! - `id` belongs to its own event; it is not carried over to later events.
//! - `finish` dispatches a block the stream ended without terminating (providers do that).

/// One dispatched event block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    pub event: Option<String>,
    /// All `data:` lines joined with `\n`.
    pub data: String,
    pub id: Option<String>,
    pub retry: Option<u64>,
    /// Comment lines, without the leading `:` and one optional space.
    pub comments: Vec<String>,
}

impl SseEvent {
    /// A data-only event.
    pub fn data(data: impl Into<String>) -> Self {
        SseEvent {
            data: data.into(),
            ..Default::default()
        }
    }

    /// An event with a type (`event:` field) and data.
    pub fn named(event: impl Into<String>, data: impl Into<String>) -> Self {
        SseEvent {
            event: Some(event.into()),
            data: data.into(),
            ..Default::default()
        }
    }

    /// OpenAI ends its streams with `data: [DONE]`.
    pub fn is_done(&self) -> bool {
        self.data == "[DONE]"
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 32);
        self.write_to(&mut out);
        out
    }

    /// Appends the serialized block, ending in a blank line.
    ///
    /// Values are split at line breaks so no text can inject fields or end the event early: a
    /// multi-line `data` becomes several `data:` lines (a CR or CRLF inside data thus reads back
    /// as `\n`), a multi-line comment several comment lines; line breaks in `event` and `id`
    /// (which SSE cannot carry) become spaces.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        if let Some(event) = &self.event {
            write_field(out, "event", &single_line(event));
        }
        // An event with nothing else still needs one data line, or it would vanish on re-parse.
        let bare = self.event.is_none()
            && self.id.is_none()
            && self.retry.is_none()
            && self.comments.is_empty();
        if !self.data.is_empty() || bare {
            for line in split_lines(&self.data) {
                write_field(out, "data", line);
            }
        }
        if let Some(id) = &self.id {
            write_field(out, "id", &single_line(id));
        }
        if let Some(retry) = self.retry {
            write_field(out, "retry", &retry.to_string());
        }
        for comment in &self.comments {
            for line in split_lines(comment) {
                out.extend_from_slice(b": ");
                out.extend_from_slice(line.as_bytes());
                out.push(b'\n');
            }
        }
        out.push(b'\n');
    }
}

fn write_field(out: &mut Vec<u8>, name: &str, value: &str) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value.as_bytes());
    out.push(b'\n');
}

/// Splits at CRLF, LF or CR, the three SSE line ends. Always yields at least one line.
fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.find(['\r', '\n']) {
            None => {
                rest = None;
                Some(s)
            }
            Some(i) => {
                let (line, end) = s.split_at_checked(i).unwrap_or((s, ""));
                let after = end
                    .strip_prefix("\r\n")
                    .or_else(|| end.strip_prefix(['\r', '\n']));
                rest = Some(after.unwrap_or_default());
                Some(line)
            }
        }
    })
}

fn single_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\r', '\n']) {
        s.replace(['\r', '\n'], " ").into()
    } else {
        s.into()
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Incremental parser: feed chunks with [`SseParser::push`], end with [`SseParser::finish`].
#[derive(Debug, Default)]
pub struct SseParser {
    /// The start of a line whose end has not arrived yet.
    line: Vec<u8>,
    /// The last chunk ended in CR: an LF at the start of the next one belongs to it.
    after_cr: bool,
    /// How many bytes of a leading BOM were seen while the stream start is still undecided.
    bom_matched: usize,
    /// False until the first bytes decided whether the stream starts with a BOM.
    started: bool,
    /// The block being collected.
    current: SseEvent,
    /// Whether `current` holds anything worth dispatching.
    has_fields: bool,
    /// Whether `current` had a data line (a first empty one leaves `data` empty).
    has_data: bool,
    /// Bytes of completed lines that went into `current`.
    current_bytes: usize,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next chunk (any boundary) and returns the events it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        let mut events = Vec::new();
        let mut rest = self.skip_bom(chunk);
        if self.after_cr && !rest.is_empty() {
            self.after_cr = false;
            if let Some(after) = rest.strip_prefix(b"\n") {
                rest = after;
                // Only a non-blank line leaves bytes pending; a blank one was dispatched.
                if self.current_bytes > 0 {
                    self.current_bytes += 1;
                }
            }
        }
        while let Some((part, end)) = rest
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .and_then(|pos| rest.split_at_checked(pos))
        {
            let ending = match end {
                [b'\r', b'\n', ..] => 2,
                [b'\r'] => {
                    self.after_cr = true;
                    1
                }
                _ => 1,
            };
            let consumed = self.line.len() + part.len() + ending;
            if self.line.is_empty() {
                self.take_line(part, consumed, &mut events);
            } else {
                self.line.extend_from_slice(part);
                let line = std::mem::take(&mut self.line);
                self.take_line(&line, consumed, &mut events);
                // Keep the allocation for the next spanning line.
                self.line = line;
                self.line.clear();
            }
            rest = end.get(ending..).unwrap_or_default();
        }
        self.line.extend_from_slice(rest);
        events
    }

    /// Ends the stream: a line without its end still counts, and a block the stream did not
    /// terminate with a blank line is dispatched anyway. Resets the parser for a new stream.
    pub fn finish(&mut self) -> Option<SseEvent> {
        let mut events = Vec::new();
        if !self.started {
            // The stream ended inside what could have been a BOM: those bytes were a line.
            self.line
                .extend_from_slice(BOM.get(..self.bom_matched).unwrap_or_default());
        }
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.take_line(&line, line.len(), &mut events);
        }
        let last = if self.has_fields {
            Some(std::mem::take(&mut self.current))
        } else {
            None
        };
        *self = Self::new();
        last
    }

    /// Bytes received but not yet part of a dispatched event (for bounded hold-back).
    pub fn pending_len(&self) -> usize {
        let undecided_bom = if self.started { 0 } else { self.bom_matched };
        self.current_bytes + self.line.len() + undecided_bom
    }

    /// Drops a UTF-8 BOM at the start of the stream, even when it arrives split over chunks.
    fn skip_bom<'a>(&mut self, chunk: &'a [u8]) -> &'a [u8] {
        if self.started {
            return chunk;
        }
        for (i, &b) in chunk.iter().enumerate() {
            if BOM.get(self.bom_matched) != Some(&b) {
                // Not a BOM after all: the bytes matched so far are the start of the first line.
                self.started = true;
                self.line
                    .extend_from_slice(BOM.get(..self.bom_matched).unwrap_or_default());
                return chunk.get(i..).unwrap_or_default();
            }
            self.bom_matched += 1;
            if self.bom_matched == BOM.len() {
                self.started = true;
                return chunk.get(i + 1..).unwrap_or_default();
            }
        }
        &[]
    }

    /// Interprets one complete line (without its end); `bytes` is its size on the wire.
    fn take_line(&mut self, line: &[u8], bytes: usize, events: &mut Vec<SseEvent>) {
        if line.is_empty() {
            if self.has_fields {
                events.push(std::mem::take(&mut self.current));
                self.has_fields = false;
                self.has_data = false;
            }
            self.current_bytes = 0;
            return;
        }
        self.current_bytes += bytes;
        if let Some(comment) = line.strip_prefix(b":") {
            let text = strip_one_space(comment);
            self.current
                .comments
                .push(String::from_utf8_lossy(text).into_owned());
            self.has_fields = true;
            return;
        }
        let field = line
            .iter()
            .position(|&b| b == b':')
            .and_then(|i| line.split_at_checked(i));
        let (name, value) = match field {
            // `rest` starts with the colon.
            Some((name, rest)) => (name, strip_one_space(rest.get(1..).unwrap_or_default())),
            None => (line, &[][..]),
        };
        match name {
            b"data" => {
                if self.has_data {
                    self.current.data.push('\n');
                }
                self.current.data.push_str(&String::from_utf8_lossy(value));
                self.has_data = true;
                self.has_fields = true;
            }
            b"event" => {
                self.current.event = Some(String::from_utf8_lossy(value).into_owned());
                self.has_fields = true;
            }
            // WHATWG: an id with NUL is ignored.
            b"id" if !value.contains(&0) => {
                self.current.id = Some(String::from_utf8_lossy(value).into_owned());
                self.has_fields = true;
            }
            // WHATWG: retry only counts when it is all ASCII digits.
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // All digits, so valid UTF-8; overflow ignores the field like a non-number.
                if let Ok(ms) = std::str::from_utf8(value).unwrap_or_default().parse() {
                    self.current.retry = Some(ms);
                    self.has_fields = true;
                }
            }
            _ => {}
        }
    }
}

fn strip_one_space(value: &[u8]) -> &[u8] {
    value.strip_prefix(b" ").unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(bytes: &[u8]) -> Vec<SseEvent> {
        let mut p = SseParser::new();
        let mut events = p.push(bytes);
        events.extend(p.finish());
        events
    }

    fn parse_chunks(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut p = SseParser::new();
        let mut events = Vec::new();
        for c in chunks {
            events.extend(p.push(c));
        }
        events.extend(p.finish());
        events
    }

    #[test]
    fn data_event_with_lf() {
        let mut p = SseParser::new();
        assert_eq!(
            p.push(b"data: {\"a\":1}\n\n"),
            vec![SseEvent::data("{\"a\":1}")]
        );
        assert_eq!(p.finish(), None);
    }

    #[test]
    fn crlf_and_cr_line_ends() {
        assert_eq!(
            parse_all(b"data: a\r\n\r\ndata: b\r\rdata: c\n\n"),
            vec![
                SseEvent::data("a"),
                SseEvent::data("b"),
                SseEvent::data("c")
            ]
        );
    }

    #[test]
    fn cr_at_chunk_end_waits_for_lf() {
        // Were the LF taken as a second line end, "a" and "b" would be two events.
        let mut p = SseParser::new();
        assert!(p.push(b"data: a\r").is_empty());
        assert!(p.push(b"\ndata: b\r").is_empty());
        assert_eq!(p.push(b"\n\r\n"), vec![SseEvent::data("a\nb")]);
    }

    #[test]
    fn cr_at_chunk_end_followed_by_other_byte() {
        let mut p = SseParser::new();
        assert!(p.push(b"data: a\r").is_empty());
        assert_eq!(
            p.push(b"\rdata: b\n\n"),
            vec![SseEvent::data("a"), SseEvent::data("b")]
        );
    }

    #[test]
    fn lone_cr_at_end_of_stream_ends_the_line() {
        let mut p = SseParser::new();
        assert!(p.push(b"data: x\r").is_empty());
        assert_eq!(p.finish(), Some(SseEvent::data("x")));
    }

    #[test]
    fn strips_exactly_one_space() {
        assert_eq!(
            parse_all(b"data:x\n\ndata:  x\n\ndata: \n\n"),
            vec![
                SseEvent::data("x"),
                SseEvent::data(" x"),
                SseEvent::data("")
            ]
        );
    }

    #[test]
    fn comments_are_kept_and_comment_only_blocks_dispatch() {
        let events = parse_all(b": ping\n\n:raw\n:  two\ndata: x\n\n");
        assert_eq!(
            events[0],
            SseEvent {
                comments: vec!["ping".into()],
                ..Default::default()
            }
        );
        assert_eq!(
            events[1],
            SseEvent {
                data: "x".into(),
                comments: vec!["raw".into(), " two".into()],
                ..Default::default()
            }
        );
        assert_eq!(events.len(), 2);
    }

    #[test]
    fn multiple_data_lines_join_with_newline() {
        assert_eq!(
            parse_all(b"data: a\ndata: b\ndata\n\n"),
            vec![SseEvent::data("a\nb\n")]
        );
        // Two empty data lines: one "\n", not nothing.
        assert_eq!(parse_all(b"data\ndata\n\n"), vec![SseEvent::data("\n")]);
    }

    #[test]
    fn dispatch_needs_some_field() {
        // Blank lines alone and unknown fields dispatch nothing.
        assert!(parse_all(b"\n\n\r\nfoo: bar\nnocolon\n\n").is_empty());
        assert_eq!(
            parse_all(b"event: ping\n\n"),
            vec![SseEvent {
                event: Some("ping".into()),
                ..Default::default()
            }]
        );
    }

    #[test]
    fn event_id_retry_and_unknown_fields() {
        let events =
            parse_all(b"event: message_start\nfoo: ignored\nid: 42\nretry: 3000\ndata: {}\n\n");
        assert_eq!(
            events,
            vec![SseEvent {
                event: Some("message_start".into()),
                data: "{}".into(),
                id: Some("42".into()),
                retry: Some(3000),
                comments: vec![]
            }]
        );
    }

    #[test]
    fn invalid_retry_and_nul_id_are_ignored() {
        let events = parse_all(
            b"retry: 12a\nretry: \nretry: 99999999999999999999999\nid: a\0b\ndata: x\n\n",
        );
        assert_eq!(events, vec![SseEvent::data("x")]);
    }

    #[test]
    fn field_name_without_colon_has_empty_value() {
        assert_eq!(
            parse_all(b"event\ndata\n\n"),
            vec![SseEvent {
                event: Some(String::new()),
                ..Default::default()
            }]
        );
    }

    #[test]
    fn bom_at_start_is_skipped_even_when_split() {
        assert_eq!(
            parse_all(b"\xEF\xBB\xBFdata: x\n\n"),
            vec![SseEvent::data("x")]
        );
        assert_eq!(
            parse_chunks(&[b"\xEF", b"\xBB", b"\xBFdata: x\n\n"]),
            vec![SseEvent::data("x")]
        );
        // Only the first BOM goes; a second one makes the field name unknown.
        assert!(parse_all(b"\xEF\xBB\xBF\xEF\xBB\xBFdata: x\n\n").is_empty());
        // A BOM later in the stream is data.
        assert_eq!(
            parse_all(b"data: \xEF\xBB\xBFx\n\n"),
            vec![SseEvent::data("\u{FEFF}x")]
        );
    }

    #[test]
    fn partial_bom_prefix_is_data() {
        // EF BB then 'x': not a BOM, the bytes stay (decoded lossily).
        assert_eq!(parse_chunks(&[b"\xEF\xBB", b"x\n"]), vec![]);
        let mut p = SseParser::new();
        assert!(p.push(b"\xEF").is_empty());
        assert_eq!(p.pending_len(), 1);
        assert!(p.push(b"data: y\n").is_empty());
        // The field name is "\u{FFFD}data", unknown: nothing to dispatch.
        assert_eq!(p.finish(), None);
        assert!(p.push(b"\xEF").is_empty());
        assert!(p.push(b"\ndata: y\n").is_empty());
        // The first line was only the stray byte; then "data: y".
        assert_eq!(p.finish(), Some(SseEvent::data("y")));
    }

    #[test]
    fn multibyte_char_split_across_chunks() {
        let bytes = "data: é€😀\n\n".as_bytes();
        for cut in 0..bytes.len() {
            assert_eq!(
                parse_chunks(&[&bytes[..cut], &bytes[cut..]]),
                vec![SseEvent::data("é€😀")],
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn invalid_utf8_is_replaced_per_complete_line() {
        assert_eq!(
            parse_all(b"data: a\xFFb\n\n"),
            vec![SseEvent::data("a\u{FFFD}b")]
        );
        assert_eq!(
            parse_all(b": \xC3\n\n")[0].comments,
            vec!["\u{FFFD}".to_string()]
        );
    }

    #[test]
    fn byte_by_byte_equals_whole() {
        let stream = b"\xEF\xBB\xBFevent: a\r\ndata: 1\r\ndata: \xC3\xA9\r\n\r\n: keep\r\rdata: [DONE]\n\ndata: tail";
        let whole = parse_all(stream);
        let chunks: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(parse_chunks(&chunks), whole);
        assert_eq!(whole.len(), 4);
        assert!(whole[2].is_done());
        assert_eq!(whole[3], SseEvent::data("tail"));
    }

    #[test]
    fn finish_dispatches_unterminated_block_and_resets() {
        let mut p = SseParser::new();
        assert!(p.push(b"data: a\n").is_empty());
        assert_eq!(p.finish(), Some(SseEvent::data("a")));
        assert_eq!(p.finish(), None);
        assert_eq!(p.pending_len(), 0);
        // After a reset, a BOM is a stream start again.
        assert_eq!(
            p.push(b"\xEF\xBB\xBFdata: b\n\n"),
            vec![SseEvent::data("b")]
        );
        // Without a line end at all.
        assert!(p.push(b"data: c").is_empty());
        assert_eq!(p.finish(), Some(SseEvent::data("c")));
    }

    #[test]
    fn pending_len_counts_undispatched_bytes() {
        let mut p = SseParser::new();
        p.push(b"data: abc\n");
        assert_eq!(p.pending_len(), 10);
        p.push(b"data: d");
        assert_eq!(p.pending_len(), 17);
        p.push(b"\r");
        assert_eq!(p.pending_len(), 18);
        p.push(b"\n");
        assert_eq!(p.pending_len(), 19);
        assert_eq!(p.push(b"\n").len(), 1);
        assert_eq!(p.pending_len(), 0);
        // The LF of a CRLF blank line split over chunks is not pending.
        p.push(b"data: e\n\r");
        assert_eq!(p.pending_len(), 0);
        p.push(b"\n");
        assert_eq!(p.pending_len(), 0);
    }

    #[test]
    fn writes_fields_in_order() {
        let ev = SseEvent {
            event: Some("content_block_delta".into()),
            data: "line1\nline2".into(),
            id: Some("7".into()),
            retry: Some(100),
            comments: vec!["note".into()],
        };
        assert_eq!(
            String::from_utf8(ev.to_bytes()).unwrap(),
            "event: content_block_delta\ndata: line1\ndata: line2\nid: 7\nretry: 100\n: note\n\n"
        );
        assert_eq!(SseEvent::data("[DONE]").to_bytes(), b"data: [DONE]\n\n");
        assert_eq!(
            SseEvent::named("ping", "{}").to_bytes(),
            b"event: ping\ndata: {}\n\n"
        );
        let mut out = b"prefix".to_vec();
        SseEvent::data("x").write_to(&mut out);
        assert_eq!(out, b"prefixdata: x\n\n");
    }

    #[test]
    fn writer_keeps_empty_and_comment_only_events() {
        assert_eq!(SseEvent::default().to_bytes(), b"data: \n\n");
        let keepalive = SseEvent {
            comments: vec!["ping".into()],
            ..Default::default()
        };
        assert_eq!(keepalive.to_bytes(), b": ping\n\n");
        assert_eq!(parse_all(&keepalive.to_bytes()), vec![keepalive]);
        assert_eq!(
            parse_all(&SseEvent::default().to_bytes()),
            vec![SseEvent::default()]
        );
    }

    #[test]
    fn writer_cannot_be_injected_through_values() {
        let ev = SseEvent {
            event: Some("a\ndata: evil".into()),
            data: "x\r\n\r\ndata: y\rz".into(),
            id: Some("1\r2".into()),
            retry: None,
            comments: vec!["c\n\nevent: evil".into()],
        };
        let parsed = parse_all(&ev.to_bytes());
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].event.as_deref(), Some("a data: evil"));
        assert_eq!(parsed[0].data, "x\n\ndata: y\nz");
        assert_eq!(parsed[0].id.as_deref(), Some("1 2"));
        assert_eq!(parsed[0].comments, vec!["c", "", "event: evil"]);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// Characters that exercise UTF-8 widths, field syntax and line breaks.
        fn text(newlines: bool) -> impl Strategy<Value = String> {
            let ch = prop_oneof![
                4 => proptest::char::range('a', 'z'),
                1 => Just(' '),
                1 => Just(':'),
                1 => Just('é'),
                1 => Just('€'),
                1 => Just('😀'),
                1 => Just('\u{FEFF}'),
                1 => any::<char>().prop_filter("no line breaks or NUL", |c| !matches!(c, '\r' | '\n' | '\0')),
                (if newlines { 1 } else { 0 }) => Just('\n'),
            ];
            proptest::collection::vec(ch, 0..24).prop_map(|cs| cs.into_iter().collect())
        }

        fn event() -> impl Strategy<Value = SseEvent> {
            (
                proptest::option::of(text(false)),
                text(true),
                proptest::option::of(text(false)),
                proptest::option::of(any::<u64>()),
                proptest::collection::vec(text(false), 0..3),
            )
                .prop_map(|(event, data, id, retry, comments)| SseEvent {
                    event,
                    data,
                    id,
                    retry,
                    comments,
                })
        }

        /// Serializes like `write_to` but with the given line end, every line the same.
        fn serialize(events: &[SseEvent], eol: &str) -> Vec<u8> {
            let lf = events
                .iter()
                .flat_map(|e| e.to_bytes())
                .collect::<Vec<u8>>();
            String::from_utf8(lf)
                .unwrap()
                .replace('\n', eol)
                .into_bytes()
        }

        fn split(bytes: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
            let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
            cuts.sort_unstable();
            let mut chunks = Vec::new();
            let mut start = 0;
            for c in cuts {
                chunks.push(bytes[start..c].to_vec());
                start = c;
            }
            chunks.push(bytes[start..].to_vec());
            chunks
        }

        fn parse_split(bytes: &[u8], cuts: &[usize]) -> Vec<SseEvent> {
            let chunks = split(bytes, cuts);
            let refs: Vec<&[u8]> = chunks.iter().map(Vec::as_slice).collect();
            parse_chunks(&refs)
        }

        proptest! {
            #[test]
            fn any_chunking_yields_the_same_events(
                events in proptest::collection::vec(event(), 0..6),
                eol in prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
                cuts in proptest::collection::vec(any::<usize>(), 0..12),
            ) {
                let bytes = serialize(&events, eol);
                let whole = parse_all(&bytes);
                prop_assert_eq!(&whole, &events);
                prop_assert_eq!(parse_split(&bytes, &cuts), whole);
            }

            #[test]
            fn mixed_line_ends_any_chunking(
                events in proptest::collection::vec(event(), 0..6),
                eols in proptest::collection::vec(prop_oneof![Just("\n"), Just("\r\n"), Just("\r")], 1..8),
                cuts in proptest::collection::vec(any::<usize>(), 0..12),
            ) {
                // Each line gets its own end; a CR before an LF-ended blank line merges into CRLF,
                // so only compare chunked against whole here.
                let lf = String::from_utf8(serialize(&events, "\n")).unwrap();
                let mut bytes = Vec::new();
                for (i, line) in lf.split_inclusive('\n').enumerate() {
                    bytes.extend_from_slice(line.trim_end_matches('\n').as_bytes());
                    bytes.extend_from_slice(eols[i % eols.len()].as_bytes());
                }
                prop_assert_eq!(parse_split(&bytes, &cuts), parse_all(&bytes));
            }

            #[test]
            fn arbitrary_bytes_any_chunking(
                bytes in proptest::collection::vec(prop_oneof![
                    Just(b'\n'), Just(b'\r'), Just(b':'), Just(b' '), Just(0xEF), Just(0xBB), Just(0xBF),
                    Just(0xC3), Just(0xA9), Just(b'd'), Just(b'a'), Just(b't'), any::<u8>(),
                ], 0..200),
                cuts in proptest::collection::vec(any::<usize>(), 0..16),
            ) {
                let mut p = SseParser::new();
                let mut pending_ok = true;
                let chunks = split(&bytes, &cuts);
                let mut events = Vec::new();
                let mut fed = 0;
                for c in &chunks {
                    events.extend(p.push(c));
                    fed += c.len();
                    pending_ok &= p.pending_len() <= fed;
                }
                events.extend(p.finish());
                prop_assert!(pending_ok);
                prop_assert_eq!(events, parse_all(&bytes));
            }

            #[test]
            fn to_bytes_round_trips(ev in event()) {
                prop_assert_eq!(parse_all(&ev.to_bytes()), vec![ev]);
            }
        }
    }
}
