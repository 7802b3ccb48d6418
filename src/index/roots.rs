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
/// `exclude`, if given, replaces the `--exclude` patterns of every folder walked whole
/// (empty: clears them); it is refused for a root that is a file or a part of a folder.
pub fn plan(held: &[Root], paths: &[PathBuf], forget: &[PathBuf], exclude: Option<&[String]>) -> Result<Plan> {
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
    if let Some(patterns) = exclude {
        set_exclude(&mut plan, &mut roots, patterns, paths)?;
    }
    plan.roots = roots;
    Ok(plan)
}

/// Gives the folders of `plan`, walked or missing, `patterns` as their `--exclude`
/// patterns: those that `paths` names, or every one when it names none (a root that is a
/// file then has none; named, it is refused, like a part of a folder).
fn set_exclude(plan: &mut Plan, roots: &mut [Root], patterns: &[String], paths: &[PathBuf]) -> Result<()> {
    let mut ids = Vec::new();
    for walk in &plan.walks {
        let dir = walk.root.dir();
        if !dir.is_dir() && paths.is_empty() {
            continue;
        }
        if !dir.is_dir() {
            return Err(Error::Roots(format!("--exclude is for folders, and {} is a file", walk.root.path)));
        }
        if walk.start != dir {
            let part = name::escape(walk.start.as_os_str());
            let root = &walk.root.path;
            return Err(Error::Roots(format!(
                "--exclude is for a whole corpus folder, and {part} lies in {root}: name {root}"
            )));
        }
        ids.push(walk.root.id);
    }
    ids.extend(plan.missing.iter().map(|r| r.id));
    let walked = plan.walks.iter_mut().map(|w| &mut w.root);
    for root in roots.iter_mut().chain(walked).chain(plan.missing.iter_mut()).filter(|r| ids.contains(&r.id)) {
        root.exclude = patterns.to_vec();
    }
    Ok(())
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
        let first = plan(&[], std::slice::from_ref(&a), &[], None).unwrap();
        assert_eq!(root_paths(&first), [("mingpao".into(), "".into())]);
        let second = plan(&first.roots, std::slice::from_ref(&b), &[], None).unwrap();
        assert_eq!(root_paths(&second), [("mingpao".into(), "".into()), ("takungpao".into(), "takungpao".into())]);
        assert_eq!(second.walks.len(), 1, "only the new folder is walked");
        let part = plan(&second.roots, &[a.join("2024")], &[], None).unwrap();
        assert_eq!((part.roots.len(), part.walks[0].root.id), (2, 0));
        let all = plan(&second.roots, &[], &[], None).unwrap();
        assert_eq!(all.walks.len(), 2);
        let err = plan(&second.roots, &[dir.path().to_owned()], &[], None).unwrap_err();
        assert!(err.to_string().contains("--forget"), "{err}");
        let forgot = plan(&second.roots, &[], std::slice::from_ref(&b), None).unwrap();
        assert_eq!((forgot.roots.len(), forgot.forgotten.len(), forgot.walks.len()), (1, 1, 1));
        std::fs::remove_dir_all(&b).unwrap();
        let gone = plan(&second.roots, &[], &[], None).unwrap();
        assert_eq!((gone.walks.len(), gone.missing.len()), (1, 1), "a missing folder is kept, not walked");
        assert!(plan(&second.roots, &[], &[b], None).is_ok(), "a folder that is gone can still be forgotten");
        assert!(plan(&second.roots, &[], &[dir.path().join("nowhere")], None).is_err());
    }

    #[test]
    fn a_label_never_clashes_with_another_root_or_the_first_roots_folders() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("corpus");
        std::fs::create_dir_all(first.join("news")).unwrap();
        for p in ["x/news", "y/news", "z/corpus"] {
            std::fs::create_dir_all(dir.path().join(p)).unwrap();
        }
        let mut held = plan(&[], &[first], &[], None).unwrap().roots;
        for p in ["x/news", "y/news", "z/corpus"] {
            held = plan(&held, &[dir.path().join(p)], &[], None).unwrap().roots;
        }
        let labels: Vec<&str> = held.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["", "x/news", "y/news", "corpus"]);
    }

    #[test]
    fn exclude_patterns_go_to_the_folders_named_or_to_all_and_only_to_whole_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, file) = (dir.path().join("a"), dir.path().join("b"), dir.path().join("one.txt"));
        std::fs::create_dir_all(a.join("2024")).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(&file, "x").unwrap();
        let md = ["*.md".to_owned()];
        let held = plan(&[], &[a.clone(), b.clone(), file.clone()], &[], None).unwrap().roots;
        let named = plan(&held, std::slice::from_ref(&b), &[], Some(&md)).unwrap();
        let excludes = |p: &Plan| p.roots.iter().map(|r| r.exclude.len()).collect::<Vec<_>>();
        assert_eq!(excludes(&named), [0, 1, 0]);
        assert_eq!(named.walks[0].root.exclude, md, "the walk uses the new set");
        std::fs::remove_dir_all(&b).unwrap();
        let all = plan(&named.roots, &[], &[], Some(&md)).unwrap();
        assert_eq!(excludes(&all), [1, 1, 0], "a missing folder keeps it for later; a file has none");
        assert_eq!(excludes(&plan(&all.roots, &[], &[], Some(&[])).unwrap()), [0, 0, 0]);
        assert_eq!(excludes(&plan(&all.roots, &[], &[], None).unwrap()), [1, 1, 0], "kept");
        for refused in [a.join("2024"), file] {
            let err = plan(&held, &[refused], &[], Some(&md)).unwrap_err().to_string();
            assert!(err.starts_with("--exclude is for"), "{err}");
        }
    }
}
