//! The persisted form of what a corpus derives from all its articles (the
//! names model and the index), made so that opening it costs little more
//! than mapping a file: the big tables of numbers — postings, each
//! sentence's word ids, each sentence's weighted words — are written as
//! plain little-endian arrays, aligned, after the rest (which serde and
//! postcard encode), and read back *in place*: an [`Arr`] borrows its
//! numbers from the bytes it was decoded from ([`Backing`]: a memory-mapped
//! index file, a buffer read from a database) instead of copying them.
//! Only the tables a query touches are ever paged in.
//!
//! Layout of an encoded value: `[u64 length of the postcard part][postcard
//! part][padding to 8][arrays]`, where each array in the postcard part is
//! `(offset into the arrays, count)`. Decoding checks every array's bounds
//! and alignment (an array that is not aligned is copied, one out of bounds
//! is an error) and every table's structure ([`Lists`]), so a damaged value
//! is refused, never a panic later.

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;
use std::sync::Arc;

/// The bytes a persisted value lives in.
pub type Backing = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// Numbers owned, or borrowed in place from a [`Backing`].
pub struct Arr<T: bytemuck::Pod> {
    inner: Inner<T>,
}

enum Inner<T> {
    Owned(Vec<T>),
    /// `count` numbers at byte `start` of the backing (bounds and alignment
    /// checked when made).
    Shared {
        backing: Backing,
        start: usize,
        count: usize,
    },
}

impl<T: bytemuck::Pod> Arr<T> {
    pub fn as_slice(&self) -> &[T] {
        match &self.inner {
            Inner::Owned(v) => v,
            Inner::Shared {
                backing,
                start,
                count,
            } => {
                let bytes =
                    &(**backing).as_ref()[*start..*start + *count * std::mem::size_of::<T>()];
                bytemuck::cast_slice(bytes)
            }
        }
    }
}

impl<T: bytemuck::Pod> Default for Arr<T> {
    fn default() -> Self {
        Arr {
            inner: Inner::Owned(Vec::new()),
        }
    }
}

impl<T: bytemuck::Pod> From<Vec<T>> for Arr<T> {
    fn from(v: Vec<T>) -> Self {
        Arr {
            inner: Inner::Owned(v),
        }
    }
}

impl<T: bytemuck::Pod> std::ops::Deref for Arr<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: bytemuck::Pod + std::fmt::Debug> std::fmt::Debug for Arr<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Arr({} numbers)", self.len())
    }
}

thread_local! {
    /// While encoding: the arrays written so far.
    static SINK: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
    /// While decoding: the backing, and where its arrays start.
    static SOURCE: RefCell<Option<(Backing, usize)>> = const { RefCell::new(None) };
}

impl<T: bytemuck::Pod> Serialize for Arr<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let at = SINK.with(|sink| {
            let mut sink = sink.borrow_mut();
            let sink = sink.as_mut()?;
            while sink.len() % 8 != 0 {
                sink.push(0);
            }
            let at = sink.len();
            sink.extend_from_slice(bytemuck::cast_slice(self.as_slice()));
            Some(at)
        });
        let at = at.ok_or_else(|| S::Error::custom("an Arr is written only by flat::encode"))?;
        (at as u64, self.len() as u64).serialize(s)
    }
}

impl<'de, T: bytemuck::Pod> Deserialize<'de> for Arr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (at, count) = <(u64, u64)>::deserialize(d)?;
        let (Ok(at), Ok(count)) = (usize::try_from(at), usize::try_from(count)) else {
            return Err(D::Error::custom("array out of bounds"));
        };
        let (backing, base) = SOURCE
            .with(|s| s.borrow().clone())
            .ok_or_else(|| D::Error::custom("an Arr is read only by flat::decode"))?;
        let start = base
            .checked_add(at)
            .ok_or_else(|| D::Error::custom("array out of bounds"))?;
        let len = count
            .checked_mul(std::mem::size_of::<T>())
            .ok_or_else(|| D::Error::custom("array out of bounds"))?;
        let bytes = (*backing)
            .as_ref()
            .get(
                start
                    ..start
                        .checked_add(len)
                        .ok_or_else(|| D::Error::custom("array out of bounds"))?,
            )
            .ok_or_else(|| D::Error::custom("array out of bounds"))?;
        // Borrowed where aligned (always, for a file: offsets are multiples
        // of 8 from a page); copied otherwise.
        if bytemuck::try_cast_slice::<u8, T>(bytes).is_ok() {
            Ok(Arr {
                inner: Inner::Shared {
                    backing,
                    start,
                    count,
                },
            })
        } else {
            let mut v = vec![T::zeroed(); count];
            bytemuck::cast_slice_mut::<T, u8>(&mut v).copy_from_slice(bytes);
            Ok(Arr::from(v))
        }
    }
}

/// Encode `value` (whose tables are [`Arr`]s) in the layout above.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, postcard::Error> {
    SINK.with(|s| *s.borrow_mut() = Some(Vec::new()));
    let head = postcard::to_stdvec(value);
    let arrays = SINK.with(|s| s.borrow_mut().take()).unwrap_or_default();
    let head = head?;
    let mut out = Vec::with_capacity(16 + head.len() + arrays.len());
    out.extend_from_slice(&(head.len() as u64).to_le_bytes());
    out.extend_from_slice(&head);
    while out.len() % 8 != 0 {
        out.push(0);
    }
    out.extend_from_slice(&arrays);
    Ok(out)
}

/// Decode a value [`encode`] wrote at `range` of `backing`, its arrays
/// borrowed in place; `None` if it is damaged.
pub fn decode<T: for<'de> Deserialize<'de>>(
    backing: Backing,
    range: std::ops::Range<usize>,
) -> Option<T> {
    let bytes = (*backing).as_ref().get(range.clone())?;
    let head_len = usize::try_from(u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?)).ok()?;
    let head = bytes.get(8..8usize.checked_add(head_len)?)?;
    let arrays = (8 + head_len).next_multiple_of(8);
    // Arrays are aligned from the start of the value: the value must start
    // on an 8-byte boundary of the backing for them to be borrowed.
    SOURCE.with(|s| *s.borrow_mut() = Some((backing.clone(), range.start + arrays)));
    let value = postcard::from_bytes(head).ok();
    SOURCE.with(|s| *s.borrow_mut() = None);
    value
}

/// A list of lists of u32 (postings, word ids), as the ends of each list
/// in one array of numbers.
#[derive(Debug, Default, Serialize)]
pub struct Lists {
    ends: Arr<u32>,
    nums: Arr<u32>,
}

impl Lists {
    pub fn get(&self, i: usize) -> &[u32] {
        cut(&self.ends, i).map_or(&[], |r| &self.nums[r])
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

impl From<Vec<Vec<u32>>> for Lists {
    fn from(v: Vec<Vec<u32>>) -> Lists {
        let mut ends = Vec::with_capacity(v.len());
        let mut nums = Vec::with_capacity(v.iter().map(Vec::len).sum());
        for l in v {
            nums.extend(l);
            ends.push(nums.len() as u32);
        }
        Lists {
            ends: ends.into(),
            nums: nums.into(),
        }
    }
}

/// Where list `i` is, given the lists' ends ([`valid_ends`]); `None` past the last.
pub fn cut<E: Copy + TryInto<usize>>(ends: &[E], i: usize) -> Option<std::ops::Range<usize>> {
    let end = (*ends.get(i)?).try_into().ok()?;
    let start = if i == 0 {
        0
    } else {
        ends[i - 1].try_into().ok()?
    };
    Some(start..end)
}

/// Ends that rise from 0 to `len` (never past it): lists that can be cut.
pub fn valid_ends<E: Copy + PartialOrd + TryInto<usize>>(ends: &[E], len: usize) -> bool {
    ends.windows(2).all(|w| w[0] <= w[1])
        && ends
            .last()
            .map_or(len == 0, |&e| e.try_into().ok() == Some(len))
}

impl<'de> Deserialize<'de> for Lists {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            ends: Arr<u32>,
            nums: Arr<u32>,
        }
        let Raw { ends, nums } = Raw::deserialize(d)?;
        if !valid_ends(&ends, nums.len()) {
            return Err(D::Error::custom("list ends do not match their numbers"));
        }
        Ok(Lists { ends, nums })
    }
}

/// Rows of a serde type, each encoded with postcard, in one array of bytes
/// with the end of each: read in place from a persisted index, a row
/// decoded only when asked for (a table of 700,000 figures costs its bytes
/// in the mapped file, not 200 MB of heap).
pub struct Rows<T> {
    ends: Arr<u64>,
    bytes: Arr<u8>,
    row: std::marker::PhantomData<fn() -> T>,
}

impl<T> Default for Rows<T> {
    fn default() -> Self {
        Rows {
            ends: Arr::default(),
            bytes: Arr::default(),
            row: std::marker::PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Rows<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Rows({} rows, {} bytes)",
            self.ends.len(),
            self.bytes.len()
        )
    }
}

impl<T: serde::de::DeserializeOwned> Rows<T> {
    /// Row `i`, decoded; `None` past the end or if its bytes do not decode.
    pub fn get(&self, i: usize) -> Option<T> {
        postcard::from_bytes(self.bytes.get(cut(&self.ends, i)?)?).ok()
    }

    /// Each row with its number (a row whose bytes do not decode is left out).
    pub fn iter(&self) -> impl Iterator<Item = (usize, T)> + '_ {
        (0..self.len()).filter_map(|i| Some((i, self.get(i)?)))
    }
}

impl<T> Rows<T> {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

impl<T: Serialize> Rows<T> {
    /// The rows of `v`, encoded.
    pub fn encode(v: &[T]) -> Result<Rows<T>, postcard::Error> {
        let mut ends = Vec::with_capacity(v.len());
        let mut bytes = Vec::new();
        for row in v {
            bytes = postcard::to_extend(row, bytes)?;
            ends.push(bytes.len() as u64);
        }
        Ok(Rows {
            ends: ends.into(),
            bytes: bytes.into(),
            row: std::marker::PhantomData,
        })
    }
}

impl<T> Serialize for Rows<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.ends, &self.bytes).serialize(s)
    }
}

impl<'de, T> Deserialize<'de> for Rows<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (ends, bytes) = <(Arr<u64>, Arr<u8>)>::deserialize(d)?;
        if !valid_ends(&ends, bytes.len()) {
            return Err(D::Error::custom("row ends do not match their bytes"));
        }
        Ok(Rows {
            ends,
            bytes,
            row: std::marker::PhantomData,
        })
    }
}

/// Strings, sorted, each with a list of numbers (a names model's lookup
/// keys): read in place, looked up by binary search.
#[derive(Debug, Default, Serialize)]
pub struct KeyTable {
    ends: Arr<u64>,
    bytes: Arr<u8>,
    lists: Lists,
}

impl KeyTable {
    fn key(&self, i: usize) -> &[u8] {
        cut(&self.ends, i)
            .and_then(|r| self.bytes.get(r))
            .unwrap_or_default()
    }

    /// The list filed under `key`.
    pub fn get(&self, key: &str) -> Option<&[u32]> {
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.key(mid).cmp(key.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(self.lists.get(mid)),
            }
        }
        None
    }

    /// Every key with its list, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u32])> {
        (0..self.ends.len())
            .filter_map(|i| Some((std::str::from_utf8(self.key(i)).ok()?, self.lists.get(i))))
    }
}

impl From<std::collections::HashMap<String, Vec<u32>>> for KeyTable {
    fn from(m: std::collections::HashMap<String, Vec<u32>>) -> KeyTable {
        let mut entries: Vec<(String, Vec<u32>)> = m.into_iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (mut ends, mut bytes, mut lists) = (
            Vec::with_capacity(entries.len()),
            Vec::new(),
            Vec::with_capacity(entries.len()),
        );
        for (k, v) in entries {
            bytes.extend_from_slice(k.as_bytes());
            ends.push(bytes.len() as u64);
            lists.push(v);
        }
        KeyTable {
            ends: ends.into(),
            bytes: bytes.into(),
            lists: lists.into(),
        }
    }
}

impl<'de> Deserialize<'de> for KeyTable {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            ends: Arr<u64>,
            bytes: Arr<u8>,
            lists: Lists,
        }
        let Raw { ends, bytes, lists } = Raw::deserialize(d)?;
        if !valid_ends(&ends, bytes.len()) || lists.len() != ends.len() {
            return Err(D::Error::custom("key table ends do not match their keys"));
        }
        Ok(KeyTable { ends, bytes, lists })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Debug)]
    struct Value {
        name: String,
        lists: Lists,
        weights: Arr<f32>,
    }

    fn sample() -> Value {
        Value {
            name: "x".into(),
            lists: Lists::from(vec![vec![], vec![1, 2, 3], vec![u32::MAX], vec![]]),
            weights: vec![0.5, 2.0].into(),
        }
    }

    #[test]
    fn a_value_reads_back_with_its_arrays_borrowed_in_place() {
        let bytes = encode(&sample()).unwrap();
        let backing: Backing = Arc::new(bytes.clone());
        let v: Value = decode(backing, 0..bytes.len()).unwrap();
        assert_eq!(v.name, "x");
        assert_eq!(
            (
                v.lists.len(),
                v.lists.get(1),
                v.lists.get(2),
                v.lists.get(3),
                v.lists.get(9)
            ),
            (4, &[1, 2, 3][..], &[u32::MAX][..], &[][..], &[][..])
        );
        assert_eq!(&*v.weights, &[0.5, 2.0]);
        assert!(
            matches!(v.lists.nums.inner, Inner::Shared { .. }),
            "borrowed, not copied"
        );
    }

    #[test]
    fn a_damaged_value_is_refused_not_a_panic_later() {
        let bytes = encode(&sample()).unwrap();
        for cut in [0, 8, bytes.len() / 2, bytes.len() - 1] {
            let backing: Backing = Arc::new(bytes[..cut].to_vec());
            assert!(decode::<Value>(backing, 0..cut).is_none(), "cut at {cut}");
        }
        // Every byte changed in turn: refused, or read back whole.
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            let n = b.len();
            if let Some(v) = decode::<Value>(Arc::new(b), 0..n) {
                for k in 0..v.lists.len() + 2 {
                    let _ = v.lists.get(k);
                }
            }
        }
    }

    #[derive(Serialize, Deserialize, Debug)]
    struct Tables {
        rows: Rows<(u32, String)>,
        keys: KeyTable,
    }

    #[test]
    fn rows_and_keys_read_back_in_place_and_decode_when_asked() {
        let rows = Rows::encode(&[
            (1, "one".to_string()),
            (2, String::new()),
            (3, "three".into()),
        ])
        .unwrap();
        let keys = KeyTable::from(std::collections::HashMap::from([
            ("zeta".to_string(), vec![9]),
            ("alpha".into(), vec![1, 2]),
            ("".into(), vec![]),
        ]));
        let bytes = encode(&Tables { rows, keys }).unwrap();
        let n = bytes.len();
        let t: Tables = decode(Arc::new(bytes.clone()), 0..n).unwrap();
        assert_eq!(
            (t.rows.len(), t.rows.get(0), t.rows.get(2), t.rows.get(3)),
            (
                3,
                Some((1, "one".to_string())),
                Some((3, "three".to_string())),
                None
            )
        );
        assert_eq!(
            t.rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            vec![0, 1, 2]
        );
        assert!(
            matches!(t.rows.bytes.inner, Inner::Shared { .. }),
            "borrowed, not copied"
        );
        assert_eq!(
            (
                t.keys.get("alpha"),
                t.keys.get("zeta"),
                t.keys.get(""),
                t.keys.get("beta")
            ),
            (Some(&[1, 2][..]), Some(&[9][..]), Some(&[][..]), None)
        );
        assert_eq!(
            t.keys.iter().map(|k| k.0).collect::<Vec<_>>(),
            vec!["", "alpha", "zeta"]
        );
        // Damaged: refused, or read back without a panic.
        for i in 0..n {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            if let Some(t) = decode::<Tables>(Arc::new(b), 0..n) {
                let _ = (
                    t.rows.iter().count(),
                    t.keys.get("alpha"),
                    t.keys.iter().count(),
                );
            }
        }
    }
}
