//! Snapshots of the JSON tree of the team's AST fixtures (reviewed by hand).

use halint::ast::json::ParseView;

#[test]
fn ast_snapshots() {
    insta::glob!("fixtures/ast/*.cfg", |path| {
        let src = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let parse = halint::parse(&src);
        assert_eq!(parse.to_string(), src);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("fixture");
        let json = serde_json::to_value(ParseView::new(&parse, name)).expect("serializes");
        insta::assert_json_snapshot!(json);
    });
}

#[test]
fn the_ast_itself_round_trips_through_serde() {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ast/peers-and-stick.cfg"
    ))
    .expect("fixture");
    let parse = halint::parse(&src);
    let json = serde_json::to_string(parse.file()).expect("serializes");
    let back: halint::ast::File = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(&back, parse.file());
}
