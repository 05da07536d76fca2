//! The logical structure of a laid-out document, for tagged PDF: a tree of elements
//! (headings, paragraphs, tables with their header and data cells, lists, a figure) in
//! reading order, and on every text run the [`Tag`] saying which element it belongs to
//! or that it is an artifact (page furniture, table headers repeated on later pages).
//!
//! The tree is built as the blocks are laid out; the backend numbers each page's marked
//! content and writes the tree once the last page is out.

/// What a structure element is (the standard structure types of PDF 1.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The root.
    Document,
    /// The document title.
    H1,
    /// A section heading.
    H2,
    /// A subsection heading.
    H3,
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// The body of a list item.
    LBody,
    /// A table.
    Table,
    /// A table's header rows.
    THead,
    /// A table's data rows.
    TBody,
    /// A table row.
    TR,
    /// A header cell naming its column.
    ThColumn,
    /// A header cell naming its row (the keys of a key-value list).
    ThRow,
    /// A data cell.
    TD,
    /// An illustration (the bar chart), read out by its alternate text.
    Figure,
}

/// One structure element.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Element {
    /// Its type.
    pub(crate) role: Role,
    /// Index of its parent (the root is its own parent).
    pub(crate) parent: u32,
    /// Child elements, in reading order (content is attached by the backend).
    pub(crate) kids: Vec<u32>,
    /// Alternate text (figures).
    pub(crate) alt: Option<String>,
}

/// The structure tree: element 0 is the document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Structure {
    /// Every element, parents before their children.
    pub(crate) elements: Vec<Element>,
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            elements: vec![Element {
                role: Role::Document,
                parent: 0,
                kids: Vec::new(),
                alt: None,
            }],
        }
    }
}

/// The root element.
pub(crate) const ROOT: u32 = 0;

impl Structure {
    /// Adds an element of `role` as the last child of `parent`; returns its index.
    pub(crate) fn open(&mut self, parent: u32, role: Role) -> u32 {
        let id = u32::try_from(self.elements.len()).unwrap_or(u32::MAX);
        self.elements.push(Element {
            role,
            parent,
            kids: Vec::new(),
            alt: None,
        });
        if let Some(p) = self.elements.get_mut(parent as usize) {
            p.kids.push(id);
        }
        id
    }
}

/// What a text run is, for a reader of the tagged PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Tag {
    /// Not content: page furniture, repeated headers, decoration.
    #[default]
    Artifact,
    /// Content of the element with this index.
    Content(u32),
}
