//! Which corpus folders an index holds, and what one `index` run walks of them.
//!
//! An index remembers every folder (or single file) it was given, as a [`Root`]. A run
//! with paths walks those: a path that is a held folder, or lies below one, updates that
//! part of it only; any other path becomes a new root. A run without paths walks every
//! root the index holds. A clipping is removed only when its file is gone from a part
//! that was walked; a root that is missing on disk (an unmounted drive) keeps its
//! clippings, and only `--forget` drops a root and all of its clippings.

use std::path::{Path, PathBuf};

use crate::corpus::{name, Root, Walk};
use crate::{Error, Result};

/// What one run does to the roots.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The roots the index holds after the run.
    pub roots: Vec<Root>,
    /// The parts of them to walk.
    pub walks: Vec<Walk>,
    /// Held roots not found on disk: not walked, their clippings kept.
    pub missing: Vec<Root>,
    /// Roots dropped with all their clippings.
    pub forgotten: Vec<Root>,
}

/// The plan for `paths` (none: every held root) and `forget` on an index holding `held`.
pub fn plan(held: &[Root], paths: &[PathBuf], forget: &[PathBuf]) -> Result<Plan> {
    let mut plan = Plan::default();
    let mut roots = held.to_vec();
    for path in forget {
        let at = roots.iter().position(|r| names_root(r, path)).ok_or_else(|| not_held(path, held))?;
        plan.forgotten.push(roots.remove(at));
    }
    if paths.is_empty() {
        for root in &roots {
            let dir = root.dir();
            if dir.exists() {
                plan.walks.push(Walk { root: root.clone(), start: dir });
            } else {
                plan.missing.push(root.clone());
            }
        }
    }
    for path in paths {
        let start = path.canonicalize().map_err(|e| Error::io(path, e))?;
        let walk = match roots.iter().find(|r| start == r.dir() || (r.dir().is_dir() && start.starts_with(r.dir()))) {
            Some(root) => Walk { root: root.clone(), start },
            None => {
                if let Some(inner) = roots.iter().find(|r| r.dir().starts_with(&start)) {
                    return Err(Error::Roots(format!(
                        "{} holds {}, which the index holds as a folder of its own: name that folder, or drop it first with `jianbao index --forget {}`",
                        name::escape(path.as_os_str()),
                        inner.path,
                        inner.path
                    )));
                }
                let root = Root::new(&start, &roots);
                roots.push(root.clone());
                Walk { root, start }
            }
        };
        add_walk(&mut plan.walks, walk);
    }
    plan.roots = roots;
    Ok(plan)
}

/// Adds `walk` unless one of `walks` covers it already; drops those it covers.
fn add_walk(walks: &mut Vec<Walk>, walk: Walk) {
    let covers = |outer: &Walk, inner: &Walk| outer.root.id == inner.root.id && inner.start.starts_with(&outer.start);
    if walks.iter().any(|w| covers(w, &walk)) {
        return;
    }
    walks.retain(|w| !covers(&walk, w));
    walks.push(walk);
}

/// True if the user's `path` names `root`: its folder (which may be gone), or its label.
fn names_root(root: &Root, path: &Path) -> bool {
    let absolute = path.canonicalize().ok().or_else(|| std::path::absolute(path).ok());
    absolute.is_some_and(|a| a == root.dir() || lexically_equal(&a, &root.dir()))
        || (!root.label.is_empty() && name::escape(path.as_os_str()) == root.label)
}

/// Paths equal once `.` and `..` are resolved without asking the file system.
fn lexically_equal(a: &Path, b: &Path) -> bool {
    let normal = |p: &Path| {
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                std::path::Component::ParentDir => {
                    out.pop();
                }
                std::path::Component::CurDir => {}
                c => out.push(c),
            }
        }
        out
    };
    normal(a) == normal(b)
}

fn not_held(path: &Path, held: &[Root]) -> Error {
    let list: Vec<&str> = held.iter().map(|r| r.path.as_str()).collect();
    let holds = if list.is_empty() { "none".to_owned() } else { list.join(", ") };
    Error::Roots(format!("{} is not a folder the index holds (it holds: {holds})", name::escape(path.as_os_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root_paths(plan: &Plan) -> Vec<(String, String)> {
        plan.roots
            .iter()
            .map(|r| (r.dir().file_name().unwrap().to_string_lossy().into_owned(), r.label.clone()))
            .collect()
    }

    #[test]
    fn new_folders_are_added_and_held_ones_updated_in_part() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("mingpao"), dir.path().join("takungpao"));
        std::fs::create_dir_all(a.join("2024")).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let first = plan(&[], std::slice::from_ref(&a), &[]).unwrap();
        assert_eq!(root_paths(&first), [("mingpao".into(), "".into())]);
        let second = plan(&first.roots, std::slice::from_ref(&b), &[]).unwrap();
        assert_eq!(root_paths(&second), [("mingpao".into(), "".into()), ("takungpao".into(), "takungpao".into())]);
        assert_eq!(second.walks.len(), 1, "only the new folder is walked");
        let part = plan(&second.roots, &[a.join("2024")], &[]).unwrap();
        assert_eq!((part.roots.len(), part.walks[0].root.id), (2, 0));
        let all = plan(&second.roots, &[], &[]).unwrap();
        assert_eq!(all.walks.len(), 2);
        let err = plan(&second.roots, &[dir.path().to_owned()], &[]).unwrap_err();
        assert!(err.to_string().contains("--forget"), "{err}");
        let forgot = plan(&second.roots, &[], std::slice::from_ref(&b)).unwrap();
        assert_eq!((forgot.roots.len(), forgot.forgotten.len(), forgot.walks.len()), (1, 1, 1));
        std::fs::remove_dir_all(&b).unwrap();
        let gone = plan(&second.roots, &[], &[]).unwrap();
        assert_eq!((gone.walks.len(), gone.missing.len()), (1, 1), "a missing folder is kept, not walked");
        assert!(plan(&second.roots, &[], &[b]).is_ok(), "a folder that is gone can still be forgotten");
        assert!(plan(&second.roots, &[], &[dir.path().join("nowhere")]).is_err());
    }

    #[test]
    fn a_label_never_clashes_with_another_root_or_the_first_roots_folders() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("corpus");
        std::fs::create_dir_all(first.join("news")).unwrap();
        for p in ["x/news", "y/news", "z/corpus"] {
            std::fs::create_dir_all(dir.path().join(p)).unwrap();
        }
        let mut held = plan(&[], &[first], &[]).unwrap().roots;
        for p in ["x/news", "y/news", "z/corpus"] {
            held = plan(&held, &[dir.path().join(p)], &[]).unwrap().roots;
        }
        let labels: Vec<&str> = held.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["", "x/news", "y/news", "corpus"]);
    }
}
