//! Parsing a page with a bound on how deep its elements nest.
//!
//! The HTML tree builder (html5ever) looks through its stack of open elements for many
//! tags, e.g. for a `<p>` to close at every `<div>`: on a page nested 100,000 `<div>`s
//! deep that is quadratic, and it took a minute and a half to read one such file. No
//! page a reader sees is nested that deep (browsers stop nesting at 512 elements too),
//! so tags that would open an element below [`MAX_DEPTH`] open nothing: they, and the
//! end tags that match them, are left out, and what they hold is read as text of the
//! element at that depth. A tag of a block element left out still ends a line.
//! Pages within the bound are parsed exactly as before: every token goes through.

use std::cell::Cell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};
use html5ever::tree_builder::{TreeBuilder, TreeSink};
use html5ever::{local_name, LocalName, TokenizerResult};
use scraper::{Html, HtmlTreeSink};

/// Elements open at once (the tree builder's stack, and the formatting elements it may
/// reopen) beyond which a start tag opens nothing.
pub const MAX_DEPTH: usize = 512;

/// A parsed page, and how many tags were left out for nesting deeper than [`MAX_DEPTH`].
pub fn parse(text: &str) -> (Html, usize) {
    let builder = TreeBuilder::new(HtmlTreeSink::new(Html::new_document()), Default::default());
    let tokenizer = Tokenizer::new(Capped::new(builder), Default::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    // The tokenizer pauses after each `</script>`, for a browser to run it.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    let capped = tokenizer.sink;
    let dropped = capped.dropped.get();
    (capped.builder.sink.finish(), dropped)
}

/// A node of the tree being built.
type Handle = <HtmlTreeSink as TreeSink>::Handle;
type Builder = TreeBuilder<Handle, HtmlTreeSink>;

/// The tree builder behind a filter that leaves out the tags too deep to open.
struct Capped {
    builder: Builder,
    /// Start tags left out whose end tags have not come yet.
    excess: Cell<usize>,
    /// Tags left out in all.
    dropped: Cell<usize>,
    /// A block's tag was left out since the last text.
    line_owed: Cell<bool>,
    /// Inside an element whose text is read raw (`<script>`, `<style>`, …).
    raw: Cell<bool>,
}

impl Capped {
    fn new(builder: Builder) -> Self {
        Capped {
            builder,
            excess: Cell::new(0),
            dropped: Cell::new(0),
            line_owed: Cell::new(false),
            raw: Cell::new(false),
        }
    }

    /// True if `tag` is to be left out.
    fn drops(&self, tag: &Tag) -> bool {
        // Void elements open nothing; raw text elements (`<script>`, `<style>`, …) must
        // reach the tree builder, which switches the tokenizer into reading them raw.
        if is_void(&tag.name) || is_raw_text(&tag.name) {
            return false;
        }
        let excess = self.excess.get();
        match tag.kind {
            TagKind::StartTag if excess > 0 || self.open() >= MAX_DEPTH => {
                // A self-closing tag outside HTML has no end tag to wait for.
                if !tag.self_closing {
                    self.excess.set(excess + 1);
                }
                true
            }
            TagKind::EndTag if excess > 0 => {
                self.excess.set(excess - 1);
                true
            }
            _ => false,
        }
    }

    /// How many elements the tree builder holds open: its stack and its list of
    /// formatting elements, both of which it walks through.
    fn open(&self) -> usize {
        let count = Count(Cell::new(0));
        self.builder.trace_handles(&count);
        count.0.get()
    }
}

impl TokenSink for Capped {
    type Handle = Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Self::Handle> {
        match &token {
            Token::TagToken(tag) if self.drops(tag) => {
                self.dropped.set(self.dropped.get() + 1);
                self.line_owed.set(self.line_owed.get() || super::BLOCKS.contains(&&*tag.name));
                return TokenSinkResult::Continue;
            }
            Token::TagToken(tag) if is_raw_text(&tag.name) => self.raw.set(tag.kind == TagKind::StartTag),
            // Not inside `<script>` and the like, whose text takes no tags.
            Token::CharacterTokens(_) if !self.raw.get() && self.line_owed.replace(false) => {
                // The line break the blocks left out would have made: one `<br>` for any
                // number of them, so that a million tags left out add one element, not
                // a million.
                let _ = self.builder.process_token(Token::TagToken(line_break()), line_number);
            }
            _ => {}
        }
        self.builder.process_token(token, line_number)
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder.adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// A `<br>`, which opens no element.
fn line_break() -> Tag {
    let name = local_name!("br");
    Tag { kind: TagKind::StartTag, name, self_closing: false, attrs: Vec::new(), had_duplicate_attributes: false }
}

/// Counts the handles the tree builder holds.
struct Count(Cell<usize>);

impl html5ever::tree_builder::Tracer for Count {
    type Handle = Handle;

    fn trace_handle(&self, _: &Self::Handle) {
        self.0.set(self.0.get() + 1);
    }
}

fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("frame")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("keygen")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
    )
}

fn is_raw_text(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("textarea")
            | local_name!("title")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("noscript")
            | local_name!("plaintext")
    )
}
