//! Rough timings of the explorer at scale, against the budgets in docs/PERFORMANCE.md (one
//! frame ≤ 8 ms, one keystroke ≤ 16 ms at 100,000 deals). Ignored by default:
//! run with `DEALSCOPE_BIG=big.yaml cargo test --release --test explorer -- --ignored --nocapture ui_budget::`.

use crate::support::app::Fixture;
use dealscope::action::{Action, Tab};
use dealscope::app::App;
use dealscope::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};

fn timed(what: &str, f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    let took = start.elapsed();
    println!("{what:<40} {:>8.2} ms", took.as_secs_f64() * 1000.0);
    took
}

#[test]
#[ignore = "needs a large dataset: set DEALSCOPE_BIG"]
fn frames_and_keystrokes_at_scale() {
    let path = std::env::var("DEALSCOPE_BIG").expect("DEALSCOPE_BIG names a large dataset");
    let dataset = Fixture::path(path).dataset();
    let mut app = None;
    timed("App::new (indexes, derived lists)", || {
        app = Some(App::new(dataset, "big", Theme::dark()))
    });
    let mut app: App = app.unwrap();
    app.update(Action::Resize(200, 60));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut worst_frame = Duration::ZERO;
    for tab in Tab::ALL {
        app.update(Action::ShowTab(tab));
        app.update(Action::PageDown);
        let took = timed(&format!("frame: {}", tab.title()), || {
            terminal.draw(|f| dealscope::ui::draw(f, &app)).unwrap();
        });
        worst_frame = worst_frame.max(took);
    }
    app.update(Action::StartSearch);
    let mut worst_key = Duration::ZERO;
    for c in "company 12".chars() {
        let took = timed(&format!("search keystroke '{c}' + frame"), || {
            app.update(Action::Input(c));
            terminal.draw(|f| dealscope::ui::draw(f, &app)).unwrap();
        });
        worst_key = worst_key.max(took);
    }
    app.update(Action::Back);
    app.update(Action::OpenFilters);
    for c in "c42".chars() {
        let took = timed(&format!("filter keystroke '{c}' + frame"), || {
            app.update(Action::Input(c));
            terminal.draw(|f| dealscope::ui::draw(f, &app)).unwrap();
        });
        worst_key = worst_key.max(took);
    }
    timed("apply a filter (recompute) + frame", || {
        app.update(Action::Submit);
        terminal.draw(|f| dealscope::ui::draw(f, &app)).unwrap();
    });
    println!("worst frame {worst_frame:?}, worst keystroke {worst_key:?}");
    assert!(
        worst_frame < Duration::from_millis(8),
        "a frame took {worst_frame:?}"
    );
    assert!(
        worst_key < Duration::from_millis(16),
        "a keystroke took {worst_key:?}"
    );
}

#[test]
#[ignore = "needs a large dataset: set DEALSCOPE_BIG"]
fn where_a_recompute_goes() {
    let path = std::env::var("DEALSCOPE_BIG").expect("DEALSCOPE_BIG names a large dataset");
    let dataset = Fixture::path(path).dataset();
    let data = dealscope::app::Data::new(dataset);
    let filter = dealscope::query::Filter::default();
    timed("Filter::apply", || {
        filter.apply(&data.dataset);
    });
    timed("Derived::compute", || {
        dealscope::app::Derived::compute(&data, &filter, &dealscope::app::Sorts::default());
    });
}

#[test]
#[ignore = "slow: generates 100,000 deals"]
fn where_a_search_keystroke_goes() {
    let dataset = Fixture::generated(100_000, 1).dataset();
    let search = dealscope::query::CompanySearch::new(&dataset);
    let name: String = dataset.companies[1].name.chars().take(4).collect();
    for _ in 0..3 {
        let mut found = 0;
        timed(&format!("search_top({name:?}, 50)"), || {
            found = search.search_top(&name, 50).len()
        });
        timed(&format!("search({name:?}) all {found}"), || {
            found = search.search(&name).len()
        });
        println!("{found} companies match");
    }
}

#[test]
#[ignore = "slow: generates 100,000 deals"]
fn where_app_new_goes() {
    let dataset = Fixture::generated(100_000, 1).dataset();
    timed("DealIndex::new", || {
        dealscope::query::DealIndex::new(&dataset);
    });
    timed("CompanySearch::new", || {
        dealscope::query::CompanySearch::new(&dataset);
    });
    timed("flows::derive", || {
        dealscope::flows::derive(&dataset, &dealscope::query::Filter::default());
    });
    let copy = dataset.clone();
    let mut data = None;
    timed("Data::new", || data = Some(dealscope::app::Data::new(copy)));
    let data = data.unwrap();
    let filter = dealscope::query::Filter::default();
    timed("Derived::compute", || {
        dealscope::app::Derived::compute(&data, &filter, &dealscope::app::Sorts::default());
    });
    let kind = dealscope::query::Filter {
        kinds: vec![dealscope::model::DealKind::Investment],
        ..Default::default()
    };
    let repeat: usize = std::env::var("REPEAT").map_or(1, |r| r.parse().unwrap_or(1));
    timed(
        &format!("Derived::compute, kind filter, ×{repeat}"),
        || {
            for _ in 0..repeat {
                dealscope::app::Derived::compute(&data, &kind, &dealscope::app::Sorts::default());
            }
        },
    );
    let min_usd = dealscope::query::Filter {
        min_usd: Some(10e9),
        ..Default::default()
    };
    timed("Filter::passes, min $10B", || {
        min_usd.passes(&data.dataset, &data.indexes.index);
    });
    timed("Derived::compute, min $10B", || {
        dealscope::app::Derived::compute(&data, &min_usd, &dealscope::app::Sorts::default());
    });
    let mut app = App::new(data.dataset.clone(), "synth", Theme::dark());
    timed("App::set_filter, min $10B", || {
        app.set_filter(min_usd.clone());
    });
    timed("drop Data", || drop(data));
    timed("App::new", || {
        App::new(dataset, "synth", Theme::dark());
    });
}

#[test]
#[ignore = "slow: generates 100,000 deals"]
fn where_a_warm_start_goes() {
    let root = std::env::temp_dir().join(format!("dealscope-warm-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let file = root.join("big.yaml");
    std::fs::write(&file, Fixture::generated(100_000, 1).text()).unwrap();
    let cache = dealscope::cache::Cache::new(root.join("cache"));
    let (built, _, pending) = cache.load(&[&file], &|_| {}).expect("valid").into_data();
    pending.unwrap().write(&built).unwrap();
    drop(built);
    // More runs (WARM_RUNS=20) for a profiler to see the warm path, not the cold load.
    let runs = std::env::var("WARM_RUNS").map_or(3, |r| r.parse().unwrap_or(3));
    for _ in 0..runs {
        let mut hit = None;
        timed("cache hit", || {
            hit = Some(cache.load(&[&file], &|_| {}).expect("valid"))
        });
        let hit = hit.unwrap();
        let mut data = None;
        timed("Data from the cache's indexes", || {
            data = Some(hit.into_data().0)
        });
        let data = data.unwrap();
        let filter = dealscope::query::Filter::default();
        timed("Derived::compute", || {
            dealscope::app::Derived::compute(&data, &filter, &dealscope::app::Sorts::default());
        });
        timed("drop Data", || drop(data));
    }
    let _ = std::fs::remove_dir_all(&root);
}
