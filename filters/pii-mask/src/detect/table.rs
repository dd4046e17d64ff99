//! The header of the table column a value stands in: CSV (`,` `;` tab) and markdown (`|`)
//! tables pasted as text label their values in the first line, not before them
//! (`id;ticket;state` / `29;503-718-813;open`: a ticket number, not a phone).
//!
//! Read back from the value at most [`LINES_BACK`] lines and [`BYTES_BACK`] bytes, so a table of
//! numbers costs a bounded read per candidate.

const LINES_BACK: usize = 32;
const BYTES_BACK: usize = 2048;
const DELIMITERS: [char; 4] = [',', ';', '\t', '|'];

/// The header cell above the cell that starts at `start` (its raw text), when `start` begins a
/// cell of a delimited line and a header line with that column stands above it.
pub fn column_header(text: &str, start: usize) -> Option<&str> {
    // A cell opens after a delimiter, a `(` of an SQL tuple or a line start (spaces and an
    // opening quote between): looked at first, so a word inside prose costs no read back.
    let opened = text.get(..start)?.trim_end_matches([' ', '"', '\'', '`']);
    if !opened.is_empty() && !opened.ends_with(DELIMITERS) && !opened.ends_with(['(', '\n']) {
        return None;
    }
    sql_column(text, start).or_else(|| delimited_header(text, start))
}

fn delimited_header(text: &str, start: usize) -> Option<&str> {
    // The line is looked for in BYTES_BACK bytes each side only: a text of one long line (or
    // none) costs a bounded read per candidate, not one to its start.
    let from = floor_boundary(text, start.saturating_sub(BYTES_BACK));
    let line_start = match text.get(from..start)?.rfind('\n') {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => return None,
    };
    let to = floor_boundary(text, (start + BYTES_BACK).min(text.len()));
    let line_end = text.get(start..to)?.find('\n').map_or(to, |i| start + i);
    let line = text.get(line_start..line_end)?;
    let before = text.get(line_start..start)?;
    // The value opens its cell: only spaces and an opening quote after the delimiter.
    let opened = before.trim_end_matches([' ', '"', '\'', '`']);
    let delimiter = match opened.chars().next_back() {
        Some(c) if DELIMITERS.contains(&c) => c,
        None => line.chars().find(|c| DELIMITERS.contains(c))?,
        Some(_) => return None,
    };
    let column = cells(before, delimiter).len().saturating_sub(1);
    let header = header_line(text, line_start, delimiter)?;
    cells(header, delimiter).get(column).copied()
}

/// The column an SQL `INSERT` names for the value that starts at `start`, when `start` opens a
/// value of a `VALUES (…)` tuple (`INSERT INTO t (id, ssn) VALUES (7, '818691504')`: `ssn`).
/// Read back at most [`BYTES_BACK`] bytes; quotes (`'…''…'`) and parentheses are followed, so a
/// comma inside a string or a call does not shift the column.
fn sql_column(text: &str, start: usize) -> Option<&str> {
    let opened = text.get(..start)?.trim_end_matches([' ', '\'', '"']);
    if !opened.ends_with([',', '(']) {
        return None;
    }
    let from = floor_boundary(text, start.saturating_sub(BYTES_BACK));
    let window = text.get(from..start)?;
    let values = rfind_ascii_caseless(window, "values")?;
    let (columns_end, _) = window
        .get(..values)?
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_whitespace())
        .filter(|(_, c)| *c == ')')?;
    let columns_start = window.get(..columns_end)?.rfind('(')? + 1;
    let columns = window.get(columns_start..columns_end)?;
    let column = tuple_cell_at_end(window.get(values + "values".len()..)?)?;
    columns
        .split(',')
        .nth(column)
        .map(|c| c.trim().trim_matches(['"', '`', '[', ']']))
}

/// The index of the cell of the innermost open tuple that `tail` (the text after `VALUES`)
/// ends in, when it ends at the opening of that cell (only spaces and a quote after its `(` or
/// `,`).
fn tuple_cell_at_end(tail: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut cell = 0;
    let mut quoted = false;
    let mut cell_open = false; // only spaces (and the opening quote) since the cell began
    for c in tail.chars() {
        if quoted {
            if c == '\'' {
                quoted = false;
            } else {
                cell_open = false;
            }
            continue;
        }
        match c {
            '\'' => quoted = true,
            '(' => {
                depth += 1;
                if depth == 1 {
                    cell = 0;
                }
                cell_open = depth == 1;
            }
            ')' => {
                depth = depth.checked_sub(1)?;
                cell_open = false;
            }
            ',' if depth == 1 => {
                cell += 1;
                cell_open = true;
            }
            c if c.is_whitespace() => {}
            _ => cell_open = false,
        }
    }
    // The quote that opens the value itself leaves `quoted` set with nothing after it.
    (depth == 1 && (cell_open || (quoted && tail.ends_with('\'')))).then_some(cell)
}

/// The byte offset of the last `needle` (ASCII, any case) in `haystack`.
fn rfind_ascii_caseless(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).rev().find(|&i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

/// The largest character boundary of `text` at or before `i`.
pub(super) fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first line of the block of delimited lines that ends right above `line_start`.
fn header_line(text: &str, line_start: usize, delimiter: char) -> Option<&str> {
    let floor = floor_boundary(text, line_start.saturating_sub(BYTES_BACK));
    let mut header = None;
    let mut end = line_start.checked_sub(1)?; // the `\n` that ends the line above
    for _ in 0..LINES_BACK {
        if end < floor {
            break;
        }
        let start = match text.get(floor..end)?.rfind('\n') {
            Some(i) => floor + i + 1,
            None if floor == 0 => 0,
            None => break,
        };
        let line = text.get(start..end)?;
        if !line.contains(delimiter) {
            break;
        }
        if !separator_row(line) {
            header = Some(line);
        }
        if start == 0 {
            break;
        }
        end = start - 1;
    }
    header
}

/// `|---|:---:|`: a markdown table's rule under its header.
fn separator_row(line: &str) -> bool {
    line.chars()
        .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+'))
}

/// The cells of `line`, split at `delimiter` outside double quotes.
fn cells(line: &str, delimiter: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut from = 0;
    for (i, c) in line.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == delimiter && !quoted {
            out.push(line.get(from..i).unwrap_or(""));
            from = i + c.len_utf8();
        }
    }
    out.push(line.get(from..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_of(text: &str, value: &str) -> Option<String> {
        let at = text.find(value).unwrap();
        column_header(text, at).map(|h| h.trim().to_string())
    }

    #[test]
    fn csv_markdown_and_prose() {
        assert_eq!(
            header_of("row;ticket;state\n29;503-718-813;open", "503-718-813").as_deref(),
            Some("ticket")
        );
        let csv = "id,email,phone\n1,a@b.id,\"+62 21 4153 5590\"\n2,c@d.id,\"+62 21 8759 1655\"";
        assert_eq!(header_of(csv, "+62 21 8759").as_deref(), Some("phone"));
        let md = "| # | name | tel |\n|---|---|---|\n| 1 | x | 06-1-874-9125 |";
        assert_eq!(header_of(md, "06-1-874").as_deref(), Some("tel"));
        assert_eq!(
            header_of("id;ssn\n4845;419.61.7653", "4845").as_deref(),
            Some("id")
        );
        assert_eq!(
            header_of("call me on 0612345678, thanks", "0612345678"),
            None
        );
        assert_eq!(
            header_of("a,b\nnumber 0612345678", "0612345678"),
            None,
            "mid-cell"
        );
        assert_eq!(
            header_of("4845;419.61.7653", "419.61"),
            None,
            "no line above"
        );
        // A line start farther back than BYTES_BACK is not looked for (one long line of cells
        // would cost a read to its start per candidate).
        let long = format!("a;b\n{};0612345678", "x;".repeat(BYTES_BACK));
        assert_eq!(header_of(&long, "0612345678"), None);
        let near = format!("a;b\n{}x;0612345678", "x".repeat(BYTES_BACK / 2));
        assert_eq!(header_of(&near, "0612345678").as_deref(), Some("b"));
    }

    #[test]
    fn sql_insert_columns() {
        let sql = "INSERT INTO customers (id, SSN) VALUES (16904, '818691504');";
        assert_eq!(header_of(sql, "818691504").as_deref(), Some("SSN"));
        assert_eq!(header_of(sql, "16904").as_deref(), Some("id"));
        let quoted = "INSERT INTO `t` (`note`, `phone`) VALUES ('a, (b)', '070898 25400')";
        assert_eq!(header_of(quoted, "070898").as_deref(), Some("phone"));
        let rows = "insert into t (id, tel) values\n (1, '0612345678'),\n (2, '0687654321');";
        assert_eq!(header_of(rows, "0687654321").as_deref(), Some("tel"));
        let escaped = "INSERT INTO t (a, b) VALUES ('it''s, here', '0612345678')";
        assert_eq!(header_of(escaped, "0612345678").as_deref(), Some("b"));
        assert_eq!(
            header_of(
                "INSERT INTO t (a, b) VALUES (f(1, 2), 0612345678)",
                "0612345678"
            )
            .as_deref(),
            Some("b"),
            "a comma inside a call"
        );
        assert_eq!(
            header_of("INSERT INTO t (a) VALUES ('x 0612345678')", "0612345678"),
            None,
            "mid-value"
        );
        assert_eq!(
            header_of("the values (a, b) are 0612345678", "0612345678"),
            None,
            "prose"
        );
        assert_eq!(
            header_of(
                "INSERT INTO t (a) VALUES (1), then 0612345678",
                "0612345678"
            ),
            None,
            "after the tuple"
        );
    }
}
