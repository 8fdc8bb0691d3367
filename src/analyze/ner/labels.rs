//! The tag set (BILOU over PER/ORG/LOC/MISC), which tag may follow which, and the
//! conversions between tags and entity spans, including conlleval's reading of IOB tags.

use crate::model::EntityType;

/// Entity types in tag order.
pub const TYPES: [EntityType; 4] = [
    EntityType::Per,
    EntityType::Org,
    EntityType::Loc,
    EntityType::Misc,
];
/// Number of tags: O, then B, I, L, U for each type.
pub const NLABELS: usize = 1 + 4 * TYPES.len();
pub const O: u8 = 0;

/// Position of a tag inside an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Begin,
    Inside,
    Last,
    Unit,
}

/// The tag for a part of an entity of type index `ty`.
pub fn label(part: Part, ty: usize) -> u8 {
    (1 + 4 * ty + part as usize) as u8
}

/// A tag's part and type index, `None` for O.
pub fn parts(l: u8) -> Option<(Part, usize)> {
    if l == O {
        return None;
    }
    let i = (l - 1) as usize;
    let part = [Part::Begin, Part::Inside, Part::Last, Part::Unit][i % 4];
    Some((part, i / 4))
}

/// May tag `next` follow tag `prev`? (`prev` is O at a sentence start.)
pub fn allowed(prev: u8, next: u8) -> bool {
    let open = |l| matches!(parts(l), Some((Part::Begin | Part::Inside, _)));
    match (parts(prev), parts(next)) {
        (Some((Part::Begin | Part::Inside, a)), Some((Part::Inside | Part::Last, b))) => a == b,
        _ => !open(prev) && !matches!(parts(next), Some((Part::Inside | Part::Last, _))),
    }
}

/// May a sentence end after tag `l`?
pub fn may_end(l: u8) -> bool {
    !matches!(parts(l), Some((Part::Begin | Part::Inside, _)))
}

/// An entity span over token indices `start..end`, with its type index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntitySpan {
    pub start: usize,
    pub end: usize,
    pub ty: usize,
}

/// Spans of a BILOU tag sequence (lenient with ill-formed sequences: an I or L without
/// its B starts an entity, a B or I without its L ends one).
pub fn spans(tags: &[u8]) -> Vec<EntitySpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in tags.iter().enumerate() {
        let p = parts(l);
        if let Some((s, ty)) = open {
            let continues = matches!(p, Some((Part::Inside | Part::Last, t)) if t == ty);
            if !continues {
                out.push(EntitySpan {
                    start: s,
                    end: i,
                    ty,
                });
                open = None;
            }
        }
        match p {
            None => {}
            Some((Part::Unit, ty)) => out.push(EntitySpan {
                start: i,
                end: i + 1,
                ty,
            }),
            Some((Part::Last, ty)) => {
                let start = open.take().map_or(i, |(s, _)| s);
                out.push(EntitySpan {
                    start,
                    end: i + 1,
                    ty,
                });
            }
            Some((_, ty)) if open.is_none() => open = Some((i, ty)),
            Some(_) => {}
        }
    }
    if let Some((s, ty)) = open {
        out.push(EntitySpan {
            start: s,
            end: tags.len(),
            ty,
        });
    }
    out
}

/// BILOU tags for `n` tokens carrying `spans`.
pub fn tags_of(n: usize, spans: &[EntitySpan]) -> Vec<u8> {
    let mut tags = vec![O; n];
    for s in spans {
        if s.end - s.start == 1 {
            tags[s.start] = label(Part::Unit, s.ty);
            continue;
        }
        tags[s.start] = label(Part::Begin, s.ty);
        for t in &mut tags[s.start + 1..s.end - 1] {
            *t = label(Part::Inside, s.ty);
        }
        tags[s.end - 1] = label(Part::Last, s.ty);
    }
    tags
}

/// The index of a type in `TYPES` (its tags' and votes' order).
pub fn type_position(kind: EntityType) -> usize {
    TYPES.iter().position(|t| *t == kind).expect("a type")
}

/// The type index of a CoNLL type name (PER, ORG, LOC, MISC).
pub fn type_index(name: &str) -> Option<usize> {
    TYPES.iter().position(|t| t.as_str() == name)
}

/// Spans of IOB tags ("B-PER", "I-LOC", "O"; IOB1 or IOB2) read the way the conlleval
/// script reads them: a chunk starts at a B, at an I after O, or at a change of type.
pub fn iob_spans(tags: &[&str]) -> Vec<EntitySpan> {
    let split = |t: &str| -> (char, String) {
        match t.split_once('-') {
            Some((p, ty)) => (p.chars().next().unwrap_or('O'), ty.to_string()),
            None => ('O', String::new()),
        }
    };
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (p, ty) = split(t);
        let starts = p == 'B' || (p != 'O' && open.as_ref().is_none_or(|(_, o)| *o != ty));
        if open.is_some() && (p == 'O' || starts) {
            let (s, oty) = open.take().expect("open chunk");
            if let Some(ti) = type_index(&oty) {
                out.push(EntitySpan {
                    start: s,
                    end: i,
                    ty: ti,
                });
            }
        }
        if starts {
            open = Some((i, ty));
        }
    }
    if let Some((s, oty)) = open {
        if let Some(ti) = type_index(&oty) {
            out.push(EntitySpan {
                start: s,
                end: tags.len(),
                ty: ti,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob1_and_iob2_read_like_conlleval() {
        let iob1 = ["I-ORG", "O", "I-MISC", "I-PER", "I-PER", "B-PER", "O"];
        let got = iob_spans(&iob1);
        let want = vec![
            EntitySpan {
                start: 0,
                end: 1,
                ty: 1,
            },
            EntitySpan {
                start: 2,
                end: 3,
                ty: 3,
            },
            EntitySpan {
                start: 3,
                end: 5,
                ty: 0,
            },
            EntitySpan {
                start: 5,
                end: 6,
                ty: 0,
            },
        ];
        assert_eq!(got, want);
        let tags = tags_of(7, &got);
        assert_eq!(spans(&tags), want);
        assert!(tags.windows(2).all(|w| allowed(w[0], w[1])));
    }

    #[test]
    fn transitions() {
        let b = label(Part::Begin, 0);
        assert!(allowed(b, label(Part::Last, 0)));
        assert!(!allowed(b, label(Part::Last, 1)));
        assert!(!allowed(b, O));
        assert!(!allowed(O, label(Part::Inside, 2)));
        assert!(allowed(label(Part::Unit, 2), label(Part::Begin, 1)));
        assert!(!may_end(b));
    }
}
