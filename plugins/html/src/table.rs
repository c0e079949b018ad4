//! Laying a table out on the HTML table model so that the markup is valid whatever the
//! spans say: row spans are clipped to their row group (`thead`/`tbody`), column spans
//! stop before a column already covered from above (no overlapping cells), columns in
//! which no cell begins are merged away, and rows in which no cell begins are dropped
//! (spans across them shortened).

use docpipe_core::model::{Cell, Table};

/// Largest column span written (the HTML limit is 1000).
const MAX_COLSPAN: usize = 1000;
/// Largest row span written (the HTML limit is 65534).
const MAX_ROWSPAN: usize = 65534;

/// One cell placed on the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed<'a> {
    /// The cell.
    pub cell: &'a Cell,
    /// Column span to write.
    pub colspan: usize,
    /// Row span to write.
    pub rowspan: usize,
}

/// A laid-out table: header rows and body rows, each a list of placed cells.
#[derive(Debug, Default)]
pub struct Layout<'a> {
    /// Rows for `thead` (cells written as `th`).
    pub head: Vec<Vec<Placed<'a>>>,
    /// Rows for `tbody`.
    pub body: Vec<Vec<Placed<'a>>>,
}

struct Raw<'a> {
    cell: &'a Cell,
    row: usize,
    col: usize,
    colspan: usize,
    rowspan: usize,
}

/// Lays `t` out (see the module documentation).
pub fn layout(t: &Table) -> Layout<'_> {
    let n = t.rows.len();
    let h = (t.header_rows as usize).min(n);
    let mut raws: Vec<Raw<'_>> = Vec::new();
    for (start, end) in [(0, h), (h, n)] {
        // covered[c] = rows (including the current one) still covered by a span from above.
        let mut covered: Vec<usize> = Vec::new();
        for r in start..end {
            let Some(row) = t.rows.get(r) else { break };
            let mut col = 0usize;
            for cell in &row.cells {
                while covered.get(col).is_some_and(|&k| k > 0) {
                    col += 1;
                }
                let want = (cell.colspan as usize).clamp(1, MAX_COLSPAN);
                // Stop before the next column covered from above.
                let mut colspan = 1;
                while colspan < want && covered.get(col + colspan).is_none_or(|&k| k == 0) {
                    colspan += 1;
                }
                let rowspan = (cell.rowspan as usize).clamp(1, MAX_ROWSPAN).min(end - r);
                if covered.len() < col + colspan {
                    covered.resize(col + colspan, 0);
                }
                for k in covered.iter_mut().skip(col).take(colspan) {
                    *k = rowspan;
                }
                raws.push(Raw {
                    cell,
                    row: r,
                    col,
                    colspan,
                    rowspan,
                });
                col += colspan;
            }
            for k in covered.iter_mut() {
                *k = k.saturating_sub(1);
            }
        }
    }
    // Columns where some cell begins, rows where some cell begins.
    let width = raws.iter().map(|c| c.col + c.colspan).max().unwrap_or(0);
    let mut col_begins = vec![false; width];
    let mut row_begins = vec![false; n];
    for c in &raws {
        if let Some(b) = col_begins.get_mut(c.col) {
            *b = true;
        }
        if let Some(b) = row_begins.get_mut(c.row) {
            *b = true;
        }
    }
    let col_prefix = prefix_counts(&col_begins);
    let row_prefix = prefix_counts(&row_begins);
    let count = |prefix: &[usize], from: usize, len: usize| {
        let a = prefix.get(from).copied().unwrap_or(0);
        let b = prefix.get(from + len).copied().unwrap_or(a);
        (b - a).max(1)
    };
    let mut rows: Vec<Vec<Placed<'_>>> = (0..n).map(|_| Vec::new()).collect();
    for c in raws {
        if let Some(row) = rows.get_mut(c.row) {
            row.push(Placed {
                cell: c.cell,
                colspan: count(&col_prefix, c.col, c.colspan),
                rowspan: count(&row_prefix, c.row, c.rowspan),
            });
        }
    }
    let mut layout = Layout::default();
    for (r, row) in rows.into_iter().enumerate() {
        if row.is_empty() {
            continue;
        }
        if r < h {
            layout.head.push(row);
        } else {
            layout.body.push(row);
        }
    }
    layout
}

/// prefix[i] = number of `true` in flags[..i].
fn prefix_counts(flags: &[bool]) -> Vec<usize> {
    let mut out = Vec::with_capacity(flags.len() + 1);
    let mut acc = 0;
    out.push(0);
    for &f in flags {
        acc += usize::from(f);
        out.push(acc);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::model::Row;

    fn cell(colspan: u32, rowspan: u32) -> Cell {
        Cell {
            colspan,
            rowspan,
            blocks: Vec::new(),
        }
    }

    fn spans(rows: &[Vec<Placed<'_>>]) -> Vec<Vec<(usize, usize)>> {
        rows.iter()
            .map(|r| r.iter().map(|p| (p.colspan, p.rowspan)).collect())
            .collect()
    }

    fn table(header_rows: u32, rows: Vec<Vec<Cell>>) -> Table {
        Table {
            caption: None,
            header_rows,
            rows: rows.into_iter().map(|cells| Row { cells }).collect(),
        }
    }

    #[test]
    fn regular_spans_are_kept() {
        let t = table(
            1,
            vec![
                vec![cell(2, 1), cell(1, 1)],
                vec![cell(1, 2), cell(1, 1), cell(1, 1)],
                vec![cell(1, 1), cell(1, 1)],
            ],
        );
        let l = layout(&t);
        assert_eq!(spans(&l.head), [vec![(2, 1), (1, 1)]]);
        assert_eq!(
            spans(&l.body),
            [vec![(1, 2), (1, 1), (1, 1)], vec![(1, 1), (1, 1)]]
        );
    }

    #[test]
    fn rowspans_are_clipped_to_their_group_and_huge_spans_clamped() {
        let t = table(
            1,
            vec![
                vec![cell(1, 5), cell(1, 1)],
                vec![cell(1, u32::MAX), cell(1, 1)],
            ],
        );
        let l = layout(&t);
        assert_eq!(spans(&l.head), [vec![(1, 1), (1, 1)]]);
        assert_eq!(spans(&l.body), [vec![(1, 1), (1, 1)]]);
        let t = table(0, vec![vec![cell(u32::MAX, 1)]]);
        assert_eq!(spans(&layout(&t).body), [vec![(1, 1)]]);
    }

    #[test]
    fn overlaps_columns_without_cells_and_empty_rows_are_removed() {
        // B covers column 1 in row 2, so C's colspan 2 stops at column 0.
        let t = table(
            0,
            vec![
                vec![cell(1, 1), cell(1, 2)],
                vec![cell(2, 1)],
                vec![],
                vec![cell(3, 1), cell(1, 1)],
            ],
        );
        let l = layout(&t);
        assert_eq!(
            spans(&l.body),
            [vec![(1, 1), (1, 2)], vec![(1, 1)], vec![(2, 1), (1, 1)]]
        );
        // A row fully covered from above is dropped and the span shortened.
        let t = table(0, vec![vec![cell(1, 3)], vec![], vec![cell(1, 1)]]);
        assert_eq!(spans(&layout(&t).body), [vec![(1, 2)], vec![(1, 1)]]);
    }
}
