//! Recognising an input's format from its content when the file name says nothing.

/// Guesses the format of `bytes`: `docx` for a zip or an OLE compound file (the DOCX
/// reader then says precisely what it is: a DOCX, a zip without `word/document.xml`, an
/// encrypted package or a legacy `.doc`), `json` for a docpipe JSON object, `txt`
/// otherwise. Only the first few kilobytes are looked at.
pub fn sniff(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return "docx";
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return "docx";
    }
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let trimmed = trim_ascii_start(head);
    if trimmed.starts_with(b"{") {
        let rest = trim_ascii_start(&trimmed[1..]);
        if rest.starts_with(b"\"docpipe\"") {
            return "json";
        }
    }
    "txt"
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// The first bytes of an OLE compound file (legacy `.doc`, encrypted OOXML).
pub const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_formats() {
        assert_eq!(sniff(b"  {\n \"docpipe\": 1}"), "json");
        assert_eq!(sniff(b"{\"other\": 1}"), "txt");
        assert_eq!(sniff("一、总体情况".as_bytes()), "txt");
        assert_eq!(sniff(b"PK\x03\x04....word/document.xml...."), "docx");
        assert_eq!(sniff(&OLE_MAGIC), "docx");
    }
}
