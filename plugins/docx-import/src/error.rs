//! Errors of the DOCX reader, worded for the person whose file it is.

/// Why a file could not be read as a DOCX document.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// An OLE compound file holding an encrypted OOXML package.
    #[error("password-protected (encrypted) document: remove the password in Word and save again")]
    Encrypted,
    /// An OLE compound file that is not an encrypted package: a legacy `.doc` or similar.
    #[error(
        "password-protected (encrypted) document, or a legacy .doc (OLE compound file), not a DOCX"
    )]
    Ole,
    /// A `~$name.docx` owner file that Word leaves beside an open document.
    #[error("Word lock file, not a document (Word writes `~$` files while a document is open)")]
    LockFile,
    /// A zip archive without the main document part.
    #[error("not a DOCX: no word/document.xml")]
    NotDocx,
    /// The bytes are not a readable zip archive.
    #[error("corrupt zip: {0}")]
    Zip(String),
    /// An XML part declares a DTD or entities (XXE and billion-laughs defence).
    #[error("DTD/entity declarations are not allowed (in {0})")]
    Dtd(String),
    /// A configured limit was exceeded.
    #[error("{0}")]
    Limit(String),
    /// An XML part is malformed.
    #[error("malformed XML in {part}: {message}")]
    Xml {
        /// The part's name in the package.
        part: String,
        /// What the parser said.
        message: String,
    },
}
