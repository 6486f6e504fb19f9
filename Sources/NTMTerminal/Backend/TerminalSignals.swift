import CNcursesw

/// Termination signals (SIGINT, SIGTERM, SIGHUP) turned into a flag the run loop polls, and a
/// best-effort terminal restore on crash signals.
///
/// A signal handler may do almost nothing safely, so the handler only records the signal; the
/// loop notices within one poll interval, restores the terminal on its normal path and reports
/// the signal, and the program exits with status 128 + signal. The handlers are written in C
/// (`CNcursesw.c`) because `struct sigaction` differs between Glibc and Darwin and the crash path
/// must reach the previous handlers from plain static storage.
public enum TerminalSignals {
  /// Installs the handlers (idempotent). `NcursesBackend.start()` calls this.
  public static func install() { cncursesw_install_signal_handlers() }

  /// Reinstates the handlers that were there before `install()`.
  public static func restore() { cncursesw_restore_signal_handlers() }

  /// The termination signal received since the last call, if any (clears it).
  public static func takePending() -> Int32? {
    let signal = cncursesw_take_pending_signal()
    return signal == 0 ? nil : signal
  }

  /// Records `signal` as if it had been delivered: a way to ask the loop to stop from elsewhere.
  public static func post(_ signal: Int32) { cncursesw_set_pending_signal(signal) }
}
