//! A big document handed to a host a piece at a time, so that the host never holds a second
//! copy of it whole (kpi-wasm's `payrollJsonChunks`: a result past V8's string limit).

/// The most bytes one chunk holds: large enough that a call per chunk costs nothing beside
/// the copy, small enough for a stream's buffer.
pub const CHUNK: usize = 1 << 20;

/// A document's bytes, handed out [`CHUNK`] at a time; the memory is given back once all is
/// handed out.
///
/// ```
/// let mut chunks = kpi_core::host::Chunks::new(vec![7; kpi_core::host::CHUNK + 1]);
/// assert_eq!(chunks.byte_length(), kpi_core::host::CHUNK + 1);
/// assert_eq!(chunks.next().map(|c| c.len()), Some(kpi_core::host::CHUNK));
/// assert_eq!(chunks.next(), Some(vec![7]));
/// assert_eq!(chunks.next(), None);
/// ```
#[derive(Default)]
pub struct Chunks {
    bytes: Vec<u8>,
    /// How many bytes have been handed out.
    at: usize,
}

impl Chunks {
    /// The document's bytes, none handed out yet.
    pub fn new(bytes: Vec<u8>) -> Chunks {
        Chunks { bytes, at: 0 }
    }

    /// The document's length in bytes (0 once all is handed out).
    pub fn byte_length(&self) -> usize {
        self.bytes.len()
    }

    /// The bytes not handed out yet, all at once (no copy when none was), the memory given
    /// back.
    pub fn rest(&mut self) -> Vec<u8> {
        let Chunks { mut bytes, at } = std::mem::take(self);
        bytes.drain(..at.min(bytes.len()));
        bytes
    }
}

impl Iterator for Chunks {
    type Item = Vec<u8>;

    /// The next at most [`CHUNK`] bytes, or `None` once all is handed out.
    fn next(&mut self) -> Option<Vec<u8>> {
        let end = self.bytes.len().min(self.at.saturating_add(CHUNK));
        let chunk = self
            .bytes
            .get(self.at..end)
            .filter(|c| !c.is_empty())?
            .to_vec();
        self.at = end;
        if self.at == self.bytes.len() {
            *self = Chunks::default();
        }
        Some(chunk)
    }
}

/// Its length and position, not its (maybe hundreds of megabytes of) bytes.
impl std::fmt::Debug for Chunks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chunks")
            .field("bytes", &self.bytes.len())
            .field("at", &self.at)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chunks_are_the_bytes_in_order() {
        for length in [0, 1, CHUNK - 1, CHUNK, 2 * CHUNK + 3] {
            let bytes: Vec<u8> = (0..length).map(|i| (i % 251) as u8).collect();
            let chunks: Vec<Vec<u8>> = Chunks::new(bytes.clone()).collect();
            assert!(chunks.iter().all(|c| !c.is_empty() && c.len() <= CHUNK));
            assert_eq!(chunks.concat(), bytes, "{length}");
        }
    }

    #[test]
    fn the_memory_is_given_back_at_the_end() {
        let mut chunks = Chunks::new(vec![1, 2, 3]);
        assert_eq!(chunks.next(), Some(vec![1, 2, 3]));
        assert_eq!((chunks.byte_length(), chunks.bytes.capacity()), (0, 0));
        assert_eq!(chunks.next(), None);
    }

    #[test]
    fn the_rest_is_what_was_not_handed_out() {
        let bytes: Vec<u8> = (0..CHUNK + 5).map(|i| (i % 7) as u8).collect();
        assert_eq!(Chunks::new(bytes.clone()).rest(), bytes);
        let mut chunks = Chunks::new(bytes.clone());
        chunks.next();
        assert_eq!(chunks.rest(), bytes.get(CHUNK..).unwrap_or_default());
        assert_eq!((chunks.byte_length(), chunks.next()), (0, None));
    }
}
