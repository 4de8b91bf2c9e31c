//! The page routes as the routers' source declares them: every `.route("…", get(…).post(…))` in
//! `src/pages`, with its methods. Tests that must cover every route read them from here, so a new
//! route fails them until it is declared.

use std::path::Path;

/// (method in capitals, path) of every page route, sorted.
pub fn page_routes() -> Vec<(String, String)> {
    let mut sources = Vec::new();
    sources_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pages"), &mut sources);
    let mut found: Vec<(String, String)> = sources.iter().flat_map(|s| routes_in(s)).collect();
    found.sort();
    found.dedup();
    found
}

/// The routes of one file's source.
pub fn routes_in(src: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find(".route(") {
        rest = &rest[i + ".route(".len()..];
        let Some(q1) = rest.find('"') else { break };
        let Some(q2) = rest[q1 + 1..].find('"') else { break };
        let path = rest[q1 + 1..q1 + 1 + q2].to_owned();
        // The route's arguments end at the parenthesis that closes `.route(`; its methods are the
        // calls at the top level of the second argument (`get(a).post(b)`).
        let mut depth = 1;
        let mut end = rest.len();
        let mut methods = Vec::new();
        let mut word = String::new();
        for (j, c) in rest.char_indices().skip(q1 + q2 + 2) {
            match c {
                '(' => {
                    if depth == 1 && ["get", "post", "put", "delete", "patch"].contains(&word.as_str()) {
                        methods.push(word.to_uppercase());
                    }
                    depth += 1;
                    word.clear();
                }
                ')' => {
                    depth -= 1;
                    word.clear();
                    if depth == 0 {
                        end = j;
                        break;
                    }
                }
                c if c.is_ascii_alphabetic() || c == '_' => word.push(c),
                _ => word.clear(),
            }
        }
        for m in methods {
            found.push((m, path.clone()));
        }
        rest = &rest[end..];
    }
    found
}

fn sources_in(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            sources_in(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&p).unwrap());
        }
    }
}

#[test]
fn the_route_reader_finds_every_method_across_lines() {
    let src = r#"Router::new()
        .route("/a", get(x).post(y))
        .route(
            "/b",
            post(upload).layer(DefaultBodyLimit::max(LIMIT)),
        )
        .route("/c", get(z))"#;
    let routes = routes_in(src);
    let found: Vec<(&str, &str)> = routes.iter().map(|(m, p)| (m.as_str(), p.as_str())).collect();
    assert_eq!(found, [("GET", "/a"), ("POST", "/a"), ("POST", "/b"), ("GET", "/c")]);
}
