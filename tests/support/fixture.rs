//! The one builder of the explorer tests' data and Apps: first where the
//! data comes from (a fixture file, the built-in dataset, generated or given
//! YAML, a dataset the test made), then what the App starts with (theme,
//! size, tab). `Fixture::small().size(100, 30).app()` is the small fixture's
//! App at 100×30; `Fixture::generated(1500, 7).dataset()` a generated dataset.

use dealscope::action::{Action, Tab};
use dealscope::app::App;
use dealscope::load;
use dealscope::model::Dataset;
use dealscope::theme::Theme;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Where a fixture's data comes from, and how it is named, themed, sized
/// and opened.
pub struct Fixture {
    source: Source,
    name: String,
    theme: Theme,
    size: Option<(u16, u16)>,
    tab: Option<Tab>,
}

enum Source {
    Builtin,
    File(PathBuf),
    /// YAML read with `load_texts` under the fixture's name.
    Text(Arc<str>),
    /// Boxed: a dataset is many times the size of the other sources.
    Dataset(Box<Dataset>),
}

impl Fixture {
    fn new(source: Source, name: &str) -> Fixture {
        Fixture {
            source,
            name: name.to_owned(),
            theme: Theme::dark(),
            size: None,
            tab: None,
        }
    }

    /// The explorer's small dataset, `tests/fixtures/ui/small.yaml`.
    pub fn small() -> Fixture {
        Fixture::path(super::SMALL)
    }

    /// The built-in dataset, named as `dealscope` with no files names it.
    pub fn builtin() -> Fixture {
        Fixture::new(Source::Builtin, "built-in dataset")
    }

    /// `tests/fixtures/<relative>`, named by its file name.
    pub fn file(relative: &str) -> Fixture {
        Fixture::path(super::fixture(relative))
    }

    /// Any file (a large dataset the tester names), named by its file name.
    pub fn path(path: impl AsRef<Path>) -> Fixture {
        let path = path.as_ref().to_path_buf();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_else(|| path.display().to_string());
        Fixture::new(Source::File(path), &name)
    }

    /// `synth`'s dataset of `deals` deals from `seed`, named "synth.yaml".
    pub fn generated(deals: usize, seed: u64) -> Fixture {
        Fixture::new(Source::Text(generated_text(deals, seed)), "synth.yaml")
    }

    /// YAML written by the test, loaded as the file `name`.
    pub fn yaml(name: &str, text: &str) -> Fixture {
        Fixture::new(Source::Text(text.into()), name)
    }

    /// A dataset the test built record by record, shown as `name`.
    pub fn of(dataset: Dataset, name: &str) -> Fixture {
        Fixture::new(Source::Dataset(Box::new(dataset)), name)
    }

    /// The name the header shows (and a YAML text is loaded under).
    pub fn named(mut self, name: &str) -> Fixture {
        self.name = name.to_owned();
        self
    }

    /// The App's theme; dark unless told.
    pub fn theme(mut self, theme: Theme) -> Fixture {
        self.theme = theme;
        self
    }

    /// A terminal of `width`×`height`, as a resize tells the App; without
    /// one the App keeps the size it starts with and has had no resize.
    pub fn size(mut self, width: u16, height: u16) -> Fixture {
        self.size = Some((width, height));
        self
    }

    /// The tab shown, after the resize if there is one.
    pub fn tab(mut self, tab: Tab) -> Fixture {
        self.tab = Some(tab);
        self
    }

    /// The YAML a generated or given fixture is read from (the built-in
    /// dataset's own for `builtin`), for a test that writes it to a file.
    pub fn text(&self) -> &str {
        match &self.source {
            Source::Builtin => load::BUILTIN_YAML,
            Source::Text(text) => text,
            Source::File(_) | Source::Dataset(_) => panic!("{} has no text of its own", self.name),
        }
    }

    /// The dataset, loaded; a fixture that does not load fails the test.
    pub fn dataset(self) -> Dataset {
        read(self.source, &self.name)
    }

    /// The App on the dataset: resized, then on its tab, as asked.
    pub fn app(self) -> App {
        let Fixture {
            source,
            name,
            theme,
            size,
            tab,
        } = self;
        let mut app = App::new(read(source, &name), &name, theme);
        if let Some((width, height)) = size {
            app.update(Action::Resize(width, height));
        }
        if let Some(tab) = tab {
            app.update(Action::ShowTab(tab));
        }
        app
    }
}

fn read(source: Source, name: &str) -> Dataset {
    let loaded = match source {
        Source::Builtin => return load::builtin(),
        Source::Dataset(dataset) => return *dataset,
        Source::File(path) => load::load_files(&[path]),
        Source::Text(text) => load::load_texts(&[(name, text.as_bytes())]),
    };
    loaded
        .unwrap_or_else(|e| panic!("the fixture {name} is valid: {e}"))
        .dataset
}

/// Generated texts by (deals, seed).
type Texts = Mutex<HashMap<(usize, u64), Arc<str>>>;

/// `synth`'s text for (deals, seed), made once per process: tests in one
/// program ask for the same large dataset, and it is the same every time.
fn generated_text(deals: usize, seed: u64) -> Arc<str> {
    static TEXTS: OnceLock<Texts> = OnceLock::new();
    let texts = TEXTS.get_or_init(Mutex::default);
    let mut texts = texts.lock().unwrap_or_else(PoisonError::into_inner);
    let text = texts.entry((deals, seed));
    text.or_insert_with(|| dealscope::synth::dataset_yaml(deals, seed).into())
        .clone()
}
