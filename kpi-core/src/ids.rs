//! A batch's agent ids, each stored once: the duplicate test reads them and the checked facts
//! take them over, instead of a set holding a second copy of every id.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

/// Ids in input order, found by a keyed hash (SipHash with a random key, as `HashSet`'s: a
/// batch cannot be written to make ids collide).
#[derive(Debug, Default)]
pub(crate) struct Ids {
    texts: Vec<String>,
    /// Position in `texts` of the first id with each hash (already a keyed hash: not hashed
    /// again).
    first: HashMap<u64, usize, BuildHasherDefault<Hashed>>,
    /// Later ids whose hash equals an earlier, different id's (about one batch in 10^6 of 10
    /// million agents has one).
    more: Vec<(u64, usize)>,
    hasher: RandomState,
}

impl Ids {
    /// Room for about `agents` ids.
    pub(crate) fn with_capacity(agents: usize) -> Ids {
        Ids {
            texts: Vec::with_capacity(agents),
            first: HashMap::with_capacity_and_hasher(agents, BuildHasherDefault::default()),
            ..Ids::default()
        }
    }

    /// Adds an id: its position, or `None` when the batch gave it before.
    pub(crate) fn insert(&mut self, id: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(id);
        let next = self.texts.len();
        let is = |at: usize| self.texts.get(at).is_some_and(|t| t == id);
        match self.first.get(&hash).copied() {
            Some(at) if is(at) => return None,
            Some(_) if self.more.iter().any(|&(h, at)| h == hash && is(at)) => return None,
            Some(_) => self.more.push((hash, next)),
            None => {
                self.first.insert(hash, next);
            }
        }
        self.texts.push(id.to_string());
        Some(next)
    }

    /// Takes the id at a position out, for the facts (once every record is read: a taken id
    /// no longer counts as given).
    pub(crate) fn take(&mut self, at: usize) -> String {
        self.texts
            .get_mut(at)
            .map(std::mem::take)
            .unwrap_or_default()
    }
}

/// The hasher of a map whose keys are keyed hashes already: the key itself.
#[derive(Debug, Default)]
pub(crate) struct Hashed(u64);

impl Hasher for Hashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed here; other bytes are folded in all the same.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn each_id_once_and_positions_in_input_order() {
        let mut ids = Ids::with_capacity(4);
        assert_eq!(ids.insert("A01"), Some(0));
        assert_eq!(ids.insert("A02"), Some(1));
        assert_eq!(ids.insert("A01"), None);
        assert_eq!(ids.insert("a01"), Some(2));
        assert_eq!(ids.take(1), "A02");
        assert_eq!(ids.take(0), "A01");
        assert_eq!(ids.take(7), "", "no id there");
    }

    #[test]
    fn ids_sharing_a_hash_are_told_apart_by_their_text() {
        let mut ids = Ids::default();
        // Force a collision: file a second text under the first one's hash.
        assert_eq!(ids.insert("A01"), Some(0));
        let hash = ids.hasher.hash_one("A01");
        ids.more.push((hash, 1));
        ids.texts.push("B02".into());
        assert_eq!(
            ids.insert("B02"),
            Some(2),
            "B02 hashes elsewhere: a new entry"
        );
        assert_eq!(ids.insert("A01"), None);
        // An id found through `more`.
        let b = ids.hasher.hash_one("B02");
        ids.first.insert(b, 0);
        ids.more.push((b, 2));
        assert_eq!(ids.insert("B02"), None);
    }
}
