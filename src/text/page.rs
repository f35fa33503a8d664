//! The blocks of an HTML page as a reader sees them (parsed with `dom_query`): runs of text
//! between block elements, each with its element path, its share of link text and the page
//! furniture around it. It decides nothing about which blocks are the article (`web.rs` does).

use dom_query::{Document, NodeData, NodeId, NodeRef};

/// One block of visible text of a page.
#[derive(Clone, Debug)]
pub struct PageBlock {
    /// The text, whitespace collapsed to single spaces.
    pub text: String,
    /// Element path of the block element holding the text, e.g. `html/body/div[2]/p[3]`
    /// (1-based position among the siblings of the same name).
    pub path: String,
    /// The block element's name (`p`, `h2`, `li`, `div`, ...).
    pub tag: String,
    /// Characters (not counting whitespace) of the text.
    pub chars: usize,
    /// Characters (not counting whitespace) inside links.
    pub link_chars: usize,
    /// The nearest enclosing element that marks page furniture, by its name or by a word of
    /// its `class` or `id`: `nav`, `footer`, `aside`, `comments`, `share`, `related`, `ad`,
    /// `newsletter`, `cookie`, `breadcrumb`, `byline`.
    pub furniture: Option<&'static str>,
}

impl PageBlock {
    /// Share of the block's characters inside links.
    pub fn link_density(&self) -> f32 {
        self.link_chars as f32 / self.chars.max(1) as f32
    }

    /// Whether the block is a heading (`h1`–`h6`).
    pub fn is_heading(&self) -> bool {
        matches!(self.tag.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
    }
}

/// Elements whose content is not visible text.
fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "select"
            | "option"
            | "textarea"
            | "input"
            | "button"
    )
}

/// Elements that start a new block of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// The furniture an element marks, by its name or a word of its `class` or `id`.
fn furniture_of(name: &str, class_id: &str) -> Option<&'static str> {
    match name {
        "nav" => return Some("nav"),
        "footer" => return Some("footer"),
        "aside" => return Some("aside"),
        _ => {}
    }
    if class_id.is_empty() {
        return None;
    }
    let lower = class_id.to_ascii_lowercase();
    for word in lower.split(|c: char| c.is_ascii_whitespace()) {
        let has = |p: &str| word.contains(p);
        let found = if has("comment") || has("disqus") {
            "comments"
        } else if has("share") || has("social") || has("sharing") {
            "share"
        } else if has("related") || has("recommend") || has("teaser") || has("more-articles") {
            "related"
        } else if has("newsletter") || has("subscribe") {
            "newsletter"
        } else if has("cookie") || has("consent") || has("gdpr") {
            "cookie"
        } else if has("breadcrumb") {
            "breadcrumb"
        } else if has("sidebar") || has("widget") {
            "aside"
        } else if has("footer") {
            "footer"
        } else if has("byline") || has("author") {
            "byline"
        } else if word == "ad"
            || word == "ads"
            || word.starts_with("ad-")
            || word.starts_with("ad_")
            || has("advert")
            || has("sponsor")
        {
            "ad"
        } else {
            continue;
        };
        return Some(found);
    }
    None
}

enum Step {
    /// Visit a node at its position among its same-name siblings.
    Enter(NodeId, usize),
    /// Leave an element: end its block or link, restore the furniture mark around it.
    Exit {
        block: bool,
        link: bool,
        furniture: Option<&'static str>,
    },
}

struct Walker {
    blocks: Vec<PageBlock>,
    /// Path segments of the open elements: name and position among same-name siblings.
    path: Vec<(String, usize)>,
    /// Index into `path` of each open block element (the owner of the running text).
    block_stack: Vec<usize>,
    text: String,
    chars: usize,
    link_chars: usize,
    links: usize,
    furniture: Option<&'static str>,
}

impl Walker {
    fn push_text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                if !self.text.is_empty() && !self.text.ends_with(' ') {
                    self.text.push(' ');
                }
            } else {
                self.text.push(c);
                self.chars += 1;
                if self.links > 0 {
                    self.link_chars += 1;
                }
            }
        }
    }

    /// Ends the running block of text (if it has any).
    fn flush(&mut self) {
        if self.chars > 0 {
            let owner = self.block_stack.last().map_or(0, |&i| i + 1);
            let mut path = String::new();
            for (name, n) in &self.path[..owner] {
                if !path.is_empty() {
                    path.push('/');
                }
                path.push_str(name);
                if *n > 1 {
                    path.push_str(&format!("[{n}]"));
                }
            }
            let tag = self.path[..owner]
                .last()
                .map_or_else(String::new, |(n, _)| n.clone());
            let text = self.text.trim_end().to_string();
            self.blocks.push(PageBlock {
                text,
                path,
                tag,
                chars: self.chars,
                link_chars: self.link_chars,
                furniture: self.furniture,
            });
        }
        self.text.clear();
        self.chars = 0;
        self.link_chars = 0;
    }
}

/// [`blocks_of`] of a page given as its text (the tests' shortcut).
#[cfg(test)]
pub fn page_blocks(html: &str) -> (Vec<PageBlock>, usize) {
    blocks_of(&Document::from(html))
}

/// The visible blocks of text of a parsed HTML page, in document order, and the depth of
/// its element tree.
pub fn blocks_of(doc: &Document) -> (Vec<PageBlock>, usize) {
    let tree = &doc.tree;
    let mut w = Walker {
        blocks: Vec::new(),
        path: Vec::new(),
        block_stack: Vec::new(),
        text: String::new(),
        chars: 0,
        link_chars: 0,
        links: 0,
        furniture: None,
    };
    let mut depth = 0;
    let mut stack = vec![Step::Enter(tree.root_id(), 1)];
    while let Some(step) = stack.pop() {
        let (id, position) = match step {
            Step::Enter(id, position) => (id, position),
            Step::Exit {
                block,
                link,
                furniture,
            } => {
                if block {
                    w.flush();
                    w.block_stack.pop();
                }
                if link {
                    w.links -= 1;
                }
                w.furniture = furniture;
                w.path.pop();
                continue;
            }
        };
        enum Kind {
            Text(String),
            Element(String, String),
            Container,
            Other,
        }
        let kind = tree.query_node_or(&id, Kind::Other, |n| match &n.data {
            NodeData::Text { contents } => Kind::Text(contents.to_string()),
            NodeData::Element(e) => {
                let name = e.name.local.as_ref().to_ascii_lowercase();
                let mut class_id = String::new();
                for a in &e.attrs {
                    let an = a.name.local.as_ref();
                    if an == "class" || an == "id" {
                        class_id.push_str(&a.value);
                        class_id.push(' ');
                    }
                }
                Kind::Element(name, class_id)
            }
            NodeData::Document | NodeData::Fragment => Kind::Container,
            _ => Kind::Other,
        });
        let (name, class_id) = match kind {
            Kind::Text(t) => {
                w.push_text(&t);
                continue;
            }
            Kind::Element(n, c) => (n, c),
            Kind::Container => {
                push_children(tree, id, &mut stack);
                continue;
            }
            Kind::Other => continue,
        };
        if is_hidden(&name) {
            continue;
        }
        if name == "br" {
            w.push_text(" ");
            continue;
        }
        let block = is_block(&name);
        let link = name == "a";
        if block {
            w.flush();
        }
        stack.push(Step::Exit {
            block,
            link,
            furniture: w.furniture,
        });
        w.path.push((name.clone(), position));
        depth = depth.max(w.path.len());
        if block {
            w.block_stack.push(w.path.len() - 1);
        }
        if link {
            w.links += 1;
        }
        if w.furniture.is_none() {
            w.furniture = furniture_of(&name, &class_id);
        }
        push_children(tree, id, &mut stack);
    }
    w.flush();
    (w.blocks, depth)
}

/// The element path of `node` as [`PageBlock::path`] writes it (`html/body/div[2]/article`).
pub fn element_path(node: &NodeRef) -> String {
    let mut parts = Vec::new();
    let mut current = Some(*node);
    while let Some(n) = current.filter(NodeRef::is_element) {
        let name = n
            .node_name()
            .map_or_else(String::new, |s| s.to_ascii_lowercase());
        let mut position = 1;
        let mut sibling = n.prev_sibling();
        while let Some(s) = sibling {
            if s.node_name().is_some_and(|m| m.eq_ignore_ascii_case(&name)) && s.is_element() {
                position += 1;
            }
            sibling = s.prev_sibling();
        }
        parts.push(if position > 1 {
            format!("{name}[{position}]")
        } else {
            name
        });
        current = n.parent();
    }
    parts.reverse();
    parts.join("/")
}

/// Pushes the children of `id` (first child on top), each with its position among its
/// same-name siblings.
fn push_children(tree: &dom_query::Tree, id: NodeId, stack: &mut Vec<Step>) {
    let children: Vec<NodeId> = tree.child_ids_of_it(&id, false).collect();
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut entries = Vec::with_capacity(children.len());
    for c in children {
        let name = tree.query_node_or(&c, None, |n| match &n.data {
            NodeData::Element(e) => Some(e.name.local.as_ref().to_ascii_lowercase()),
            _ => None,
        });
        let position = match name {
            Some(name) => match counts.iter_mut().find(|(k, _)| *k == name) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    counts.push((name, 1));
                    1
                }
            },
            None => 1,
        };
        entries.push(Step::Enter(c, position));
    }
    stack.extend(entries.into_iter().rev());
}
