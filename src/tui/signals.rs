//! SIGTERM, SIGHUP and an outside SIGINT stop the explorer through its
//! normal way out (terminal restored, state saved) instead of killing it
//! with the terminal left raw.

use super::session::Input;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;

/// SIGHUP's number, the same on every unix.
const HANG_UP: usize = 1;

/// The number of the last stopping signal received, 0 while none.
pub struct Stop {
    received: Arc<AtomicUsize>,
    #[cfg(unix)]
    handle: signal_hook::iterator::Handle,
}

impl Stop {
    /// Watches on a thread, which wakes the loop through `wake`.
    #[cfg(unix)]
    pub fn watch(wake: Sender<Input>) -> std::io::Result<Stop> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
        let handle = signals.handle();
        let received = Arc::new(AtomicUsize::new(0));
        let flag = Arc::clone(&received);
        std::thread::spawn(move || {
            for signal in signals.forever() {
                flag.store(usize::try_from(signal).unwrap_or(1), Ordering::SeqCst);
                if wake.send(Input::Wake).is_err() {
                    return;
                }
            }
        });
        Ok(Stop { received, handle })
    }

    #[cfg(not(unix))]
    pub fn watch(_wake: Sender<Input>) -> std::io::Result<Stop> {
        Ok(Stop {
            received: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// A terminal that hung up fails `isatty` (its `tcgetattr` gives
    /// EIO): take that as the SIGHUP nobody sent.
    pub fn check_terminal(&self) {
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() {
            let _ = self
                .received
                .compare_exchange(0, HANG_UP, Ordering::SeqCst, Ordering::SeqCst);
        }
    }

    pub fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }
}

impl Drop for Stop {
    /// Ends the watching thread, which unregisters the handlers on its
    /// way out: back to the default actions once the explorer is gone.
    fn drop(&mut self) {
        #[cfg(unix)]
        self.handle.close();
    }
}
