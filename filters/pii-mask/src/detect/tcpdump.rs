//! tcpdump's `addr.port` (`IP 10.0.0.5.443 > 10.0.0.9.51234: Flags [S]`,
//! `IP6 2001:67c::1.5353 > ff02::fb.5353: UDP`): the port glued on with a dot would otherwise
//! read as a fifth octet or a continuing token, and the address would be lost.

/// Whether the address at `start..end` of `text` is one end of a tcpdump packet line: written
/// after `IP ` or `IP6 ` (the source) or `> ` (the destination), followed by `.` and a port,
/// then ` >` (source) or `:` (destination). Both sides are asked: a dotted number after `> `
/// alone (`a > 1.2.3.4.5`) stays a longer number.
pub fn port_after(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    let marked_before =
        before.ends_with("IP ") || before.ends_with("IP6 ") || before.ends_with("> ");
    let Some(rest) = text.get(end..).and_then(|r| r.strip_prefix('.')) else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let port_ok = (1..=5).contains(&digits)
        && rest
            .get(..digits)
            .and_then(|p| p.parse::<u32>().ok())
            .is_some_and(|p| p <= 65_535);
    let after = rest.get(digits..).unwrap_or("");
    marked_before && port_ok && (after.starts_with(" >") || after.starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::port_after;

    fn at(text: &str, addr: &str) -> bool {
        let start = text.find(addr).unwrap();
        port_after(text, start, start + addr.len())
    }

    #[test]
    fn source_and_destination_of_a_packet_line() {
        let line = "10:27:27.08 IP 10.2.8.9.35359 > 33.8.6.2.443: Flags [S]";
        assert!(at(line, "10.2.8.9") && at(line, "33.8.6.2"));
        let six = "10:05:27.72 IP6 2a00:8169::9f5b.5353 > ff02::fb.5353: UDP";
        assert!(at(six, "2a00:8169::9f5b"));
        assert!(at(
            "IP 10.2.8.9.40000 > db.internal.5432: Flags",
            "10.2.8.9"
        ));
    }

    #[test]
    fn other_dotted_tails_are_not_ports() {
        // No packet marker before; a port past 65535; no ` >` or `:` after.
        assert!(!at("version 1.2.3.4.5: released", "1.2.3.4"));
        assert!(!at("IP 10.2.8.9.99999 > x", "10.2.8.9"));
        assert!(!at("IP 10.2.8.9.443 then", "10.2.8.9"));
        assert!(!at("a > 1.2.3.4.5 b", "1.2.3.4"));
        assert!(!at("IP 10.2.8.9.x > y", "10.2.8.9"));
    }
}
