//! UTF-16 text (PowerShell scripts, .NET config saved by Windows tools) turned into UTF-8.
//!
//! Detection looks at a byte-order mark, or else at the NUL pattern of mostly-ASCII UTF-16:
//! NULs at nearly every odd (LE) or even (BE) offset and almost nowhere else.

/// Byte order of a UTF-16 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endian {
    /// Little-endian (Windows' default).
    Little,
    /// Big-endian.
    Big,
}

impl Endian {
    /// The encoding's name as reports give it.
    pub fn name(self) -> &'static str {
        match self {
            Endian::Little => "utf-16le",
            Endian::Big => "utf-16be",
        }
    }
}

/// How many leading bytes the NUL-pattern check looks at.
const SNIFF_LEN: usize = 4096;

/// Returns the byte order when `bytes` looks like UTF-16 text.
///
/// ```
/// use oktaleaks::decode::utf16::{detect, Endian};
/// assert_eq!(detect(b"\xff\xfeh\0i\0"), Some(Endian::Little));
/// assert_eq!(detect(b"h\0e\0l\0l\0o\0 \0w\0o\0r\0l\0d\0"), Some(Endian::Little));
/// assert_eq!(detect(b"hello world"), None);
/// ```
pub fn detect(bytes: &[u8]) -> Option<Endian> {
    if bytes.starts_with(b"\xff\xfe") {
        return Some(Endian::Little);
    }
    if bytes.starts_with(b"\xfe\xff") {
        return Some(Endian::Big);
    }
    let sample = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    if sample.len() < 8 || memchr::memchr(0, sample).is_none() {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    // Mostly-ASCII UTF-16 has a NUL in ~every pair on one side and ~none on the other.
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let rarely = |n: usize| n * 20 <= pairs;
    if mostly(odd_nul) && rarely(even_nul) {
        Some(Endian::Little)
    } else if mostly(even_nul) && rarely(odd_nul) {
        Some(Endian::Big)
    } else {
        None
    }
}

/// Decodes UTF-16 to UTF-8, dropping a byte-order mark. Unpaired surrogates and a trailing
/// odd byte become U+FFFD, so nothing after them is lost.
///
/// ```
/// use oktaleaks::decode::utf16::{to_utf8, Endian};
/// assert_eq!(to_utf8(b"\xff\xfeh\0i\0", Endian::Little), b"hi");
/// assert_eq!(to_utf8(b"\0h\0i\0", Endian::Big), "hi\u{fffd}".as_bytes());
/// ```
pub fn to_utf8(bytes: &[u8], endian: Endian) -> Vec<u8> {
    let body = match endian {
        Endian::Little if bytes.starts_with(b"\xff\xfe") => &bytes[2..],
        Endian::Big if bytes.starts_with(b"\xfe\xff") => &bytes[2..],
        _ => bytes,
    };
    let units = body.chunks_exact(2).map(|p| match endian {
        Endian::Little => u16::from_le_bytes([p[0], p[1]]),
        Endian::Big => u16::from_be_bytes([p[0], p[1]]),
    });
    let mut out = String::with_capacity(body.len() / 2);
    out.extend(char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)));
    if body.len() % 2 == 1 {
        out.push(char::REPLACEMENT_CHARACTER);
    }
    out.into_bytes()
}
