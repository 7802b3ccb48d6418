//! Which segments to merge together: neighbours, up to a size that bounds what one merge
//! reads (and so maps into the process's memory) whatever the size of the index.

/// The most segment bytes one merge reads. A merge maps the segments it reads, and the
/// pages it has read count in the process's memory until it ends: this keeps a merge's
/// footprint bounded whatever the size of the corpus.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Groups of two or more segments to merge, each of neighbours in the order given and of
/// at most `cap` bytes in all (a segment larger than that stays alone).
pub fn groups<T: Clone>(segments: &[(T, u64)], cap: u64) -> Vec<Vec<T>> {
    let mut groups: Vec<Vec<T>> = Vec::new();
    let mut current: Vec<T> = Vec::new();
    let mut bytes = 0;
    for (id, size) in segments {
        if bytes + size > cap && !current.is_empty() {
            groups.push(std::mem::take(&mut current));
            bytes = 0;
        }
        current.push(id.clone());
        bytes += size;
    }
    groups.push(current);
    groups.retain(|g| g.len() > 1);
    groups
}

#[cfg(test)]
mod tests {
    use super::groups;

    #[test]
    fn merges_neighbours_up_to_the_cap() {
        let table: &[(&[u64], &[&[usize]])] = &[
            (&[100, 100, 100, 100], &[&[0, 1, 2, 3]]),
            (&[600, 500, 400, 300], &[&[1, 2]]),
            (&[300, 300, 300, 300, 300], &[&[0, 1, 2], &[3, 4]]),
            (&[2000, 10, 10], &[&[1, 2]]),
            (&[10], &[]),
            (&[], &[]),
        ];
        for (sizes, expected) in table {
            let segments: Vec<(usize, u64)> = sizes.iter().copied().enumerate().collect();
            let groups = groups(&segments, 1000);
            assert_eq!(groups, expected.iter().map(|g| g.to_vec()).collect::<Vec<_>>(), "{sizes:?}");
        }
    }
}
