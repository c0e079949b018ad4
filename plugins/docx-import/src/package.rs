//! The OPC package: the zip archive, with limits on what it may inflate to, its
//! relationships and its content types. Entry names are only ever keys in a map, never
//! file-system paths.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;
use zip::{CompressionMethod, ZipArchive};

use crate::error::DocxError;
use crate::xml::{attr, local, Ev, Xml};

/// Limits on what a package may make the reader do.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest inflated size of one part, in bytes.
    pub max_part_size: u64,
    /// Largest inflated size of all parts read, in bytes.
    pub max_total_size: u64,
    /// Largest inflated/compressed ratio of one part (checked on parts over 1 MiB).
    pub max_ratio: u64,
    /// Most entries in the archive.
    pub max_entries: u64,
    /// Deepest XML nesting.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_part_size: 256 << 20,
            max_total_size: 1 << 30,
            max_ratio: 500,
            max_entries: 10_000,
            max_depth: 256,
        }
    }
}

/// Parts at or below this size are never refused for their compression ratio.
const RATIO_FREE: u64 = 1 << 20;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Refuses, with a specific message, inputs that are recognisably not a DOCX package.
pub(crate) fn check_signature(data: &[u8]) -> Result<(), DocxError> {
    if data.starts_with(&OLE_MAGIC) {
        // An encrypted OOXML file is an OLE compound file with an "EncryptionInfo" stream;
        // directory entry names are UTF-16LE.
        let needle: Vec<u8> = "EncryptionInfo"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        if data.windows(needle.len()).any(|w| w == needle.as_slice()) {
            return Err(DocxError::Encrypted);
        }
        return Err(DocxError::Ole);
    }
    if is_lock_file(data) {
        return Err(DocxError::LockFile);
    }
    if !data.starts_with(b"PK") {
        return Err(DocxError::Zip(
            "the file does not start with a zip signature".into(),
        ));
    }
    Ok(())
}

/// Word's owner ("lock") file: 162 bytes, a length byte and the user's name in the
/// local code page, padding up to offset 54, then a 16-bit length and the name again in
/// UTF-16LE.
fn is_lock_file(data: &[u8]) -> bool {
    if data.len() > 4096 || data.len() < 58 || data.starts_with(b"PK") {
        return false;
    }
    let n = usize::from(data.first().copied().unwrap_or(0));
    if n == 0 || n > 53 {
        return false;
    }
    let wide_len = data.get(54..56).map(|b| {
        usize::from(u16::from_le_bytes([
            b.first().copied().unwrap_or(0),
            b.get(1).copied().unwrap_or(0),
        ]))
    });
    if wide_len != Some(n) {
        return false;
    }
    let Some(utf16) = data.get(56..56 + 2 * n) else {
        return false;
    };
    let units: Vec<u16> = utf16
        .chunks_exact(2)
        .map(|c| {
            u16::from_le_bytes([
                c.first().copied().unwrap_or(0),
                c.get(1).copied().unwrap_or(0),
            ])
        })
        .collect();
    String::from_utf16(&units).is_ok_and(|s| s.chars().all(|c| !c.is_control()))
}

/// One relationship of a part.
#[derive(Debug, Clone)]
pub(crate) struct Rel {
    /// The relationship type URI (Transitional or Strict).
    pub kind: String,
    /// The resolved target: a part name inside the package, or a URL when external.
    pub target: String,
    /// True for `TargetMode="External"`.
    pub external: bool,
}

/// A part's relationships, by id.
pub(crate) type Rels = HashMap<String, Rel>;

/// The zip archive with an index of its entries by normalised name.
pub(crate) struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// The whole archive, for reading entries in place (see [`Package::read_direct`]).
    data: &'a [u8],
    /// One inflater for all entries (a new one per entry costs more than small parts).
    inflater: Box<DecompressorOxide>,
    names: HashMap<String, usize>,
    content_types: ContentTypes,
    limits: Limits,
    inflated: u64,
}

#[derive(Default)]
struct ContentTypes {
    defaults: HashMap<String, String>,
    overrides: HashMap<String, String>,
}

/// Normalises a part name for lookup: forward slashes, no leading slash, lower case.
pub(crate) fn norm(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_lowercase()
}

fn zip_err(e: zip::result::ZipError) -> DocxError {
    match e {
        zip::result::ZipError::UnsupportedArchive(m) if m.contains("Password") => {
            DocxError::Encrypted
        }
        zip::result::ZipError::Io(e) => {
            DocxError::Zip(format!("truncated or damaged archive ({e})"))
        }
        other => DocxError::Zip(other.to_string()),
    }
}

impl<'a> Package<'a> {
    /// Opens the archive and reads its content types.
    pub(crate) fn open(data: &'a [u8], limits: Limits) -> Result<Package<'a>, DocxError> {
        check_signature(data)?;
        let zip = ZipArchive::new(Cursor::new(data)).map_err(zip_err)?;
        if zip.len() as u64 > limits.max_entries {
            return Err(DocxError::Limit(format!(
                "the package has {} entries, more than the limit of {} (option max_entries)",
                zip.len(),
                limits.max_entries
            )));
        }
        let mut names = HashMap::new();
        for i in 0..zip.len() {
            if let Some(n) = zip.name_for_index(i) {
                names.entry(norm(n)).or_insert(i);
            }
        }
        let mut pkg = Package {
            zip,
            data,
            inflater: Box::default(),
            names,
            content_types: ContentTypes::default(),
            limits,
            inflated: 0,
        };
        if let Some(ct) = pkg.read("[Content_Types].xml")? {
            pkg.content_types = parse_content_types(&ct, pkg.limits.max_depth)?;
        }
        Ok(pkg)
    }

    /// The limits in force.
    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// True when the package has a part with this name.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.names.contains_key(&norm(name))
    }

    /// Reads a part, inflating at most the configured limits; `None` when absent.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, DocxError> {
        let Some(&index) = self.names.get(&norm(name)) else {
            return Ok(None);
        };
        let limits = self.limits.clone();
        let already = self.inflated;
        let cap = limits
            .max_part_size
            .min(limits.max_total_size.saturating_sub(already));
        let (buf, compressed) = match self.read_direct(index, cap) {
            Some(read) => read,
            None => {
                let mut entry = self.zip.by_index(index).map_err(zip_err)?;
                let compressed = entry.compressed_size().max(1);
                let declared = entry.size();
                let mut buf = Vec::with_capacity(declared.min(cap).min(64 << 20) as usize);
                (&mut entry)
                    .take(cap.saturating_add(1))
                    .read_to_end(&mut buf)
                    .map_err(|e| DocxError::Zip(format!("{name}: {e}")))?;
                (buf, compressed)
            }
        };
        let size = buf.len() as u64;
        if size > limits.max_part_size {
            return Err(DocxError::Limit(format!(
                "part {name} inflates to more than {} bytes (option max_part_size)",
                limits.max_part_size
            )));
        }
        if already + size > limits.max_total_size {
            return Err(DocxError::Limit(format!(
                "the package inflates to more than {} bytes (option max_total_size)",
                limits.max_total_size
            )));
        }
        if size > RATIO_FREE && size / compressed > limits.max_ratio {
            return Err(DocxError::Limit(format!(
                "part {name} has a compression ratio of {}:1, above the limit of {}:1 (option max_ratio): a zip bomb?",
                size / compressed,
                limits.max_ratio
            )));
        }
        self.inflated += size;
        Ok(Some(to_utf8(buf)))
    }

    /// Reads entry `index` straight from the archive's bytes: stored, or inflated into one
    /// buffer of the declared size with the reused inflater, then checked against the CRC.
    /// Gives the same bytes as the zip crate's reader. `None` whenever anything is unusual
    /// (encrypted or AES entries, other methods, data outside the file, a damaged stream,
    /// a CRC mismatch, more than `cap` bytes): the caller then reads through the zip
    /// crate, which fails or not exactly as before. Returns the bytes and the compressed
    /// size (at least 1).
    fn read_direct(&mut self, index: usize, cap: u64) -> Option<(Vec<u8>, u64)> {
        let entry = self.zip.by_index_raw(index).ok()?;
        // 0x9901 is the AES extra field; any such byte pair sends the entry the slow way.
        let aes = entry
            .extra_data()
            .is_some_and(|x| x.windows(2).any(|w| w == [0x01, 0x99]));
        if entry.encrypted() || aes {
            return None;
        }
        let method = entry.compression();
        let start = usize::try_from(entry.data_start()).ok()?;
        let compressed = entry.compressed_size();
        let len = usize::try_from(compressed).ok()?;
        let declared = entry.size();
        let crc = entry.crc32();
        drop(entry);
        let raw = self.data.get(start..start.checked_add(len)?)?;
        let out = match method {
            CompressionMethod::Stored if compressed <= cap => raw.to_vec(),
            CompressionMethod::Deflated => inflate(&mut self.inflater, raw, declared, cap)?,
            _ => return None,
        };
        (crc32fast::hash(&out) == crc).then_some((out, compressed.max(1)))
    }

    /// The media type of a part, from `[Content_Types].xml` or its extension.
    pub(crate) fn media_type(&self, name: &str) -> String {
        let n = norm(name);
        if let Some(t) = self.content_types.overrides.get(&n) {
            return t.clone();
        }
        let ext = n.rsplit('.').next().unwrap_or("").to_string();
        if let Some(t) = self.content_types.defaults.get(&ext) {
            if !t.contains("octet-stream") {
                return t.clone();
            }
        }
        media_type_for_extension(&ext).to_string()
    }

    /// The relationships of `part` (empty when it has none).
    pub(crate) fn rels(&mut self, part: &str) -> Result<Rels, DocxError> {
        let (dir, file) = match part.rfind('/') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => ("", part),
        };
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(data) = self.read(&rels_name)? else {
            return Ok(Rels::new());
        };
        let mut out = Rels::new();
        let mut x = Xml::new(&data, &rels_name, self.limits.max_depth);
        loop {
            match x.next()? {
                Ev::Start(e) if local(&e) == b"Relationship" => {
                    let (Some(id), Some(target)) = (attr(&e, b"Id"), attr(&e, b"Target")) else {
                        continue;
                    };
                    let external = attr(&e, b"TargetMode").is_some_and(|m| m == "External");
                    let kind = attr(&e, b"Type").unwrap_or_default();
                    let target = if external {
                        target
                    } else {
                        resolve(dir, &target)
                    };
                    out.insert(
                        id,
                        Rel {
                            kind,
                            target,
                            external,
                        },
                    );
                }
                Ev::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }
}

/// Inflates a raw deflate stream into a buffer of the `declared` size, grown (doubling)
/// when that is too small; `None` when the stream is damaged or incomplete or inflates
/// past `cap`.
fn inflate(d: &mut DecompressorOxide, raw: &[u8], declared: u64, cap: u64) -> Option<Vec<u8>> {
    let limit = usize::try_from(cap.saturating_add(1)).unwrap_or(usize::MAX);
    // The declared size may lie: never trust it beyond 64 MiB up front (as before).
    let first = usize::try_from(declared.min(64 << 20))
        .unwrap_or(usize::MAX)
        .min(limit);
    let mut out = vec![0u8; first.max(64)];
    d.init();
    let (mut in_pos, mut out_pos) = (0, 0);
    loop {
        let (status, read, written) = decompress(
            d,
            raw.get(in_pos..)?,
            &mut out,
            out_pos,
            inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
        );
        in_pos += read;
        out_pos += written;
        match status {
            TINFLStatus::Done => {
                if out_pos as u64 > cap {
                    return None;
                }
                out.truncate(out_pos);
                return Some(out);
            }
            TINFLStatus::HasMoreOutput if out.len() < limit => {
                let grown = out.len().saturating_mul(2).min(limit);
                out.resize(grown, 0);
            }
            _ => return None,
        }
    }
}

/// Resolves a relative target against the folder of the source part.
pub(crate) fn resolve(dir: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let target = target.split('#').next().unwrap_or("").to_string();
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn parse_content_types(data: &[u8], depth: usize) -> Result<ContentTypes, DocxError> {
    let mut ct = ContentTypes::default();
    let mut x = Xml::new(data, "[Content_Types].xml", depth);
    loop {
        match x.next()? {
            Ev::Start(e) => match local(&e) {
                b"Default" => {
                    if let (Some(ext), Some(t)) = (attr(&e, b"Extension"), attr(&e, b"ContentType"))
                    {
                        ct.defaults.insert(ext.to_lowercase(), t);
                    }
                }
                b"Override" => {
                    if let (Some(p), Some(t)) = (attr(&e, b"PartName"), attr(&e, b"ContentType")) {
                        ct.overrides.insert(norm(&p), t);
                    }
                }
                _ => {}
            },
            Ev::Eof => break,
            _ => {}
        }
    }
    Ok(ct)
}

fn media_type_for_extension(ext: &str) -> &'static str {
    match ext {
        "png" => "image/png",
        "jpg" | "jpeg" | "jpe" => "image/jpeg",
        "gif" => "image/gif",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "emf" => "image/emf",
        "wmf" => "image/wmf",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Parts are UTF-8 almost always; UTF-16 parts (with a BOM) are transcoded.
fn to_utf8(buf: Vec<u8>) -> Vec<u8> {
    let le = buf.starts_with(&[0xFF, 0xFE]);
    let be = buf.starts_with(&[0xFE, 0xFF]);
    if !le && !be {
        return buf;
    }
    let units: Vec<u16> = buf
        .get(2..)
        .unwrap_or(&[])
        .chunks_exact(2)
        .map(|c| {
            let a = c.first().copied().unwrap_or(0);
            let b = c.get(1).copied().unwrap_or(0);
            if le {
                u16::from_le_bytes([a, b])
            } else {
                u16::from_be_bytes([a, b])
            }
        })
        .collect();
    String::from_utf16_lossy(&units)
        .replacen("UTF-16", "UTF-8", 1)
        .replacen("utf-16", "UTF-8", 1)
        .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the zip crate's reader gives for entry `index` (up to `cap` + 1 bytes).
    fn through_zip(pkg: &mut Package<'_>, index: usize, cap: u64) -> Option<Vec<u8>> {
        let entry = pkg.zip.by_index(index).ok()?;
        let mut buf = Vec::new();
        entry.take(cap + 1).read_to_end(&mut buf).ok()?;
        Some(buf)
    }

    /// Entries read in place are the bytes the zip crate gives, for every entry of the
    /// corpus and for damaged copies of some; entries it would refuse are never read in
    /// place.
    #[test]
    fn entries_read_in_place_match_the_zip_reader() {
        let Some(shared) = crate::tests::shared() else {
            return;
        };
        let Ok(dir) = std::fs::read_dir(shared.join("corpus/docx")) else {
            return;
        };
        let (mut direct, mut entries) = (0, 0);
        for (n, path) in dir.flatten().map(|e| e.path()).enumerate() {
            let Ok(data) = std::fs::read(&path) else {
                continue;
            };
            let mut copies = vec![data.clone()];
            if n % 8 == 0 {
                // Bytes flipped through the archive: damaged streams and CRC mismatches.
                let mut d = data.clone();
                for i in (100..d.len()).step_by(997) {
                    if let Some(b) = d.get_mut(i) {
                        *b ^= 0x55;
                    }
                }
                copies.push(d);
            }
            for copy in &copies {
                let Ok(mut pkg) = Package::open(copy, Limits::default()) else {
                    continue;
                };
                for index in 0..pkg.zip.len() {
                    for cap in [u64::MAX >> 1, 1000] {
                        let fast = pkg.read_direct(index, cap).map(|(b, _)| b);
                        entries += 1;
                        if let Some(fast) = fast {
                            direct += 1;
                            let slow = through_zip(&mut pkg, index, cap);
                            assert!(
                                slow.as_ref() == Some(&fast),
                                "{} entry {index}",
                                path.display()
                            );
                            assert!(fast.len() as u64 <= cap);
                        }
                    }
                }
            }
        }
        assert!(direct > entries / 2, "{direct} of {entries} read in place");
    }

    #[test]
    fn targets_resolve_inside_the_package() {
        assert_eq!(resolve("word", "media/a.png"), "word/media/a.png");
        assert_eq!(resolve("word", "../customXml/x.xml"), "customXml/x.xml");
        assert_eq!(resolve("word", "/word/x.xml"), "word/x.xml");
        assert_eq!(resolve("word", "../../../../etc/passwd"), "etc/passwd");
    }

    #[test]
    fn lock_file_is_recognised() {
        let mut data = vec![0u8; 162];
        let name = "Joe";
        data[0] = name.len() as u8;
        data[1..4].copy_from_slice(name.as_bytes());
        data[54] = name.len() as u8;
        for (i, u) in name.encode_utf16().enumerate() {
            data[56 + 2 * i..58 + 2 * i].copy_from_slice(&u.to_le_bytes());
        }
        assert!(matches!(check_signature(&data), Err(DocxError::LockFile)));
    }

    #[test]
    fn ole_files_are_refused() {
        let mut data = OLE_MAGIC.to_vec();
        data.extend_from_slice(&[0; 100]);
        assert!(matches!(check_signature(&data), Err(DocxError::Ole)));
        data.extend(
            "EncryptionInfo"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert!(matches!(check_signature(&data), Err(DocxError::Encrypted)));
    }
}
