//! Reading just enough of raw XML bytes to check a part before calamine parses it: the
//! next tag, an attribute's value. Nothing is built or decoded; a part too odd for
//! these (no tag where one must be) is left for calamine to refuse.

/// The next element tag's text (between `<` and `>`) at or after `from`, skipping
/// comments, processing instructions and CDATA, and `>` inside quoted values.
pub(super) fn next_tag(xml: &[u8], from: usize) -> Option<(&[u8], usize)> {
    let mut i = from;
    loop {
        i += xml.get(i..)?.iter().position(|b| *b == b'<')? + 1;
        let rest = &xml[i..];
        let skip_to = |end: &[u8]| {
            rest.windows(end.len())
                .position(|w| w == end)
                .map(|p| i + p + end.len())
        };
        if rest.starts_with(b"!--") {
            i = skip_to(b"-->")?;
        } else if rest.starts_with(b"![CDATA[") {
            i = skip_to(b"]]>")?;
        } else if rest.starts_with(b"?") {
            i = skip_to(b"?>")?;
        } else {
            let mut quote = None;
            for (k, &b) in rest.iter().enumerate() {
                match quote {
                    Some(q) if b == q => quote = None,
                    Some(_) => {}
                    None if b == b'"' || b == b'\'' => quote = Some(b),
                    None if b == b'>' => return Some((&rest[..k], i + k + 1)),
                    None => {}
                }
            }
            return None;
        }
    }
}

/// Whether `needle` occurs in `haystack`.
pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The raw value of an attribute in a tag's attribute text.
pub(super) fn attr_value<'a>(attrs: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut rest = attrs;
    loop {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = &rest[start..];
        let eq = rest.iter().position(|b| *b == b'=')?;
        let key = rest[..eq].trim_ascii();
        let after = rest[eq + 1..].trim_ascii_start();
        let quote = *after.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let len = after[1..].iter().position(|b| *b == quote)?;
        if key == name {
            return Some(&after[1..1 + len]);
        }
        rest = &after[len + 2..];
    }
}
