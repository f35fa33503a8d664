//! Compact lookup structures for model loading and tagging: an open-addressing hash table
//! keyed by 64-bit hashes, and a packed list of strings (one buffer, no allocation per
//! string).

/// Hash table from 64-bit keys (already hashes) to small `Copy` values: linear probing
/// over a power-of-two array of `(key, value)` slots at most two thirds full, so a lookup
/// usually reads one cache line. Inserting a key again replaces its value.
#[derive(Clone, Debug)]
pub(crate) struct U64Table<V> {
    /// `(key, value)`; key 0 marks a free slot (the key 0 itself lives in `zero`).
    slots: Vec<(u64, V)>,
    shift: u32,
    len: usize,
    zero: Option<V>,
}

impl<V: Copy + Default> Default for U64Table<V> {
    fn default() -> Self {
        U64Table::with_capacity(0)
    }
}

impl<V: Copy + Default> U64Table<V> {
    /// An empty table for about `n` keys (it grows when needed).
    pub(crate) fn with_capacity(n: usize) -> Self {
        let size = (n + n / 2).max(8).next_power_of_two();
        U64Table {
            slots: vec![(0, V::default()); size],
            shift: 64 - size.trailing_zeros(),
            len: 0,
            zero: None,
        }
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        // Fibonacci hashing: the top bits of the product mix all bits of the key
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Inserts or replaces; returns the slot's value for in-place updates.
    pub(crate) fn entry(&mut self, key: u64) -> &mut V {
        if key == 0 {
            return self.zero.get_or_insert_with(V::default);
        }
        if (self.len + 1) * 3 > self.slots.len() * 2 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let k = self.slots[i].0;
            if k == key {
                return &mut self.slots[i].1;
            }
            if k == 0 {
                self.slots[i].0 = key;
                self.len += 1;
                return &mut self.slots[i].1;
            }
            i = (i + 1) & mask;
        }
    }

    /// Maps `key` to `value`, replacing an earlier value.
    pub(crate) fn insert(&mut self, key: u64, value: V) {
        *self.entry(key) = value;
    }

    /// A table of `entries`, where `merge` folds each value into its key's slot (a new
    /// key's slot starts at `V::default()`); entries are applied in order per key.
    pub(crate) fn build(entries: Vec<(u64, V)>, merge: impl Fn(&mut V, V)) -> Self {
        Self::build_with(entries.len(), |i| entries[i].0, |i| entries[i].1, merge)
    }

    /// A table of `n` entries given by index: `key(i)` and `value(i)`, merged as in
    /// [`U64Table::build`] in index order per key.
    ///
    /// Inserting hashed keys one by one writes to random slots, a cache miss each on large
    /// tables; here the entries are first bucketed by their home slot (a stable counting
    /// sort on its top bits), so the table is filled from front to back.
    pub(crate) fn build_with(
        n: usize,
        key: impl Fn(usize) -> u64,
        value: impl Fn(usize) -> V,
        merge: impl Fn(&mut V, V),
    ) -> Self {
        let mut t = U64Table::with_capacity(n);
        let bits = t.slots.len().trailing_zeros();
        let down = bits - bits.min(12);
        let mut starts = vec![0usize; (1 << bits.min(12)) + 1];
        for i in 0..n {
            starts[(t.slot(key(i)) >> down) + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        // scatter in index order: reads are sequential, and each bucket's writes are too
        let mut ordered = vec![(0u64, V::default()); n];
        for i in 0..n {
            let k = key(i);
            let b = &mut starts[t.slot(k) >> down];
            ordered[*b] = (k, value(i));
            *b += 1;
        }
        // `with_capacity(n)` holds n keys without growing, so slots stay where bucketed
        for (k, v) in ordered {
            merge(t.entry(k), v);
        }
        t
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        let mut t = U64Table::with_capacity(old.len());
        t.zero = self.zero;
        for (k, v) in old {
            if k != 0 {
                t.insert(k, v);
            }
        }
        *self = t;
    }

    /// The value of `key`.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<V> {
        if key == 0 {
            return self.zero;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let (k, v) = self.slots[i];
            if k == key {
                return Some(v);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Number of keys.
    pub(crate) fn len(&self) -> usize {
        self.len + self.zero.is_some() as usize
    }

    /// True when the table holds no key.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<V: Copy + Default> FromIterator<(u64, V)> for U64Table<V> {
    fn from_iter<I: IntoIterator<Item = (u64, V)>>(iter: I) -> Self {
        U64Table::build(iter.into_iter().collect(), |slot, v| *slot = v)
    }
}

/// Strings packed into one buffer with their end offsets.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PackedStrs {
    buf: String,
    ends: Vec<u32>,
}

impl PackedStrs {
    /// Packs strings; `None` when they hold 4 GiB or more.
    pub(crate) fn new<'a>(strs: impl ExactSizeIterator<Item = &'a str> + Clone) -> Option<Self> {
        let total: usize = strs.clone().map(str::len).sum();
        u32::try_from(total).ok()?;
        let mut p = PackedStrs {
            buf: String::with_capacity(total),
            ends: Vec::with_capacity(strs.len()),
        };
        for s in strs {
            p.buf.push_str(s);
            p.ends.push(p.buf.len() as u32);
        }
        Some(p)
    }

    /// Strings from one buffer and the end offset of each (checked by the caller: ends
    /// ascending, on char boundaries, the last one at most `buf.len()`).
    pub(crate) fn from_parts(buf: String, ends: Vec<u32>) -> Self {
        debug_assert!(ends.windows(2).all(|w| w[0] <= w[1]));
        debug_assert!(ends.last().is_none_or(|&e| e as usize <= buf.len()));
        PackedStrs { buf, ends }
    }

    /// The strings in order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        (0..self.ends.len()).map(move |i| {
            let a = if i == 0 { 0 } else { self.ends[i - 1] as usize };
            &self.buf[a..self.ends[i] as usize]
        })
    }

    /// Number of strings.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_a_hashmap() {
        let mut t: U64Table<u32> = U64Table::default();
        let mut m = std::collections::HashMap::new();
        let mut x = 7u64;
        for i in 0..5000u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // small keys collide in the low bits; 0 and repeats are covered too
            let k = if i % 7 == 0 { (i % 50) as u64 } else { x };
            t.insert(k, i);
            m.insert(k, i);
        }
        assert_eq!(t.len(), m.len());
        for (k, v) in &m {
            assert_eq!(t.get(*k), Some(*v));
        }
        for k in [1u64 << 63, 12345678901, u64::MAX] {
            assert_eq!(t.get(k), m.get(&k).copied());
        }
        *t.entry(3) |= 1 << 20;
        assert_eq!(t.get(3), Some(m[&3] | 1 << 20));
        assert!(U64Table::<u8>::default().is_empty());
        assert_eq!(U64Table::<u8>::default().get(0), None);
    }

    #[test]
    fn bulk_build_equals_inserts() {
        for n in [0usize, 1, 7, 100, 20_000] {
            let mut x = 99u64;
            let entries: Vec<(u64, u8)> = (0..n)
                .map(|i| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    // repeated keys (and key 0) exercise the merge order
                    let k = if i % 5 == 0 { (i % 13) as u64 } else { x };
                    (k, (i % 251) as u8)
                })
                .collect();
            let mut one_by_one = U64Table::default();
            let mut ored = U64Table::default();
            for &(k, v) in &entries {
                one_by_one.insert(k, v);
                *ored.entry(k) |= v;
            }
            let replaced: U64Table<u8> = entries.iter().copied().collect();
            let merged = U64Table::build(entries.clone(), |s, v| *s |= v);
            assert_eq!(replaced.len(), one_by_one.len());
            assert_eq!(merged.len(), ored.len());
            for &(k, _) in &entries {
                assert_eq!(replaced.get(k), one_by_one.get(k));
                assert_eq!(merged.get(k), ored.get(k));
            }
            assert_eq!(replaced.get(12_345_678_901), None);
        }
    }

    #[test]
    fn packed_strings() {
        let v = ["a", "", "Straße", "xyz"];
        let p = PackedStrs::new(v.iter().copied()).unwrap();
        assert_eq!(p.len(), 4);
        assert_eq!(p.iter().collect::<Vec<_>>(), v);
        assert_eq!(PackedStrs::default().iter().count(), 0);
    }
}
