#ifndef CNCURSESW_H
#define CNCURSESW_H

// The wide-character API (cchar_t, setcchar, mvadd_wch, get_wch) is only declared when this is
// set: SwiftPM drops the -D_XOPEN_SOURCE that pkg-config would otherwise supply.
#define NCURSES_WIDECHAR 1

#include <langinfo.h>
#include <locale.h>
#include <ncurses.h>
#include <stdio.h>
#include <unistd.h>

// Swift cannot import function-like or composite macros, nor (in Swift 6 mode) the mutable
// globals `stdscr`, `LINES`, `COLS`, `COLORS`, `COLOR_PAIRS`, `stdout`. These accessors expose
// exactly what NTMTerminal needs and nothing more.

// MARK: Attributes
static inline attr_t cncursesw_a_normal(void) { return A_NORMAL; }
static inline attr_t cncursesw_a_bold(void) { return A_BOLD; }
static inline attr_t cncursesw_a_dim(void) { return A_DIM; }
static inline attr_t cncursesw_a_reverse(void) { return A_REVERSE; }
static inline attr_t cncursesw_a_underline(void) { return A_UNDERLINE; }

// MARK: Screen globals
static inline WINDOW *cncursesw_stdscr(void) { return stdscr; }
static inline int cncursesw_lines(void) { return LINES; }
static inline int cncursesw_cols(void) { return COLS; }
static inline int cncursesw_colors(void) { return COLORS; }
static inline int cncursesw_color_pairs(void) { return COLOR_PAIRS; }
static inline int cncursesw_maxy(void) { return getmaxy(stdscr); }
static inline int cncursesw_maxx(void) { return getmaxx(stdscr); }

// MARK: Keys
static inline int cncursesw_key_f(int n) { return KEY_F(n); }

// MARK: Mouse
static inline mmask_t cncursesw_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t cncursesw_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t cncursesw_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t cncursesw_button2_clicked(void) { return BUTTON2_CLICKED; }
static inline mmask_t cncursesw_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t cncursesw_button3_clicked(void) { return BUTTON3_CLICKED; }
static inline mmask_t cncursesw_button4_pressed(void) { return BUTTON4_PRESSED; }
#if NCURSES_MOUSE_VERSION > 1
static inline mmask_t cncursesw_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t cncursesw_button5_pressed(void) { return 0; }
#endif

// MARK: Colour pairs and cells (CNcursesw.c)
/// ncurses 6.1 added `alloc_pair` (pairs allocated on demand, least recently used recycled) and
/// extended pair numbers passed through `setcchar`'s `opts`. macOS ships ncurses 5.7, which has
/// neither; these wrappers use them when present and a small table with `init_pair` otherwise.
#if defined(NCURSES_VERSION_MAJOR) && \
    (NCURSES_VERSION_MAJOR > 6 || (NCURSES_VERSION_MAJOR == 6 && NCURSES_VERSION_MINOR >= 1))
#define CNCURSESW_EXTENDED_PAIRS 1
#else
#define CNCURSESW_EXTENDED_PAIRS 0
#endif
/// The colour pair for foreground and background colour numbers (-1: the terminal's default),
/// allocated on first use; 0 on failure.
int cncursesw_color_pair(int foreground, int background);
/// Forgets the pairs allocated by the fallback table (a new screen starts with none).
void cncursesw_reset_color_pairs(void);
/// `setcchar` with a pair number that may exceed a `short` where the library allows it.
int cncursesw_setcchar(cchar_t *cell, const wchar_t *characters, attr_t attributes, int pair);

// MARK: Process and locale
/// `newterm` on the process's own stdout/stdin. Unlike `initscr`, it returns NULL on failure
/// instead of exiting the process, so the caller can report the problem. It also keeps what the
/// crash handler needs to restore the terminal without calling ncurses (CNcursesw.c).
SCREEN *cncursesw_newterm(void);
/// Adopt the user's character encoding (LC_ALL, LC_CTYPE, LANG). Without it ncurses writes
/// multibyte characters as garbage. Only LC_CTYPE: the encoding is all ncurses needs, and leaving
/// LC_NUMERIC alone keeps any C formatting of numbers in the process locale-independent.
static inline void cncursesw_setlocale_ctype(void) { setlocale(LC_CTYPE, ""); }
/// The character encoding of the current locale, e.g. "UTF-8" or "ANSI_X3.4-1968".
static inline const char *cncursesw_codeset(void) { return nl_langinfo(CODESET); }
static inline int cncursesw_stdout_isatty(void) { return isatty(STDOUT_FILENO); }
static inline int cncursesw_stdin_isatty(void) { return isatty(STDIN_FILENO); }

// MARK: Signals (CNcursesw.c)
/// Installs handlers that (a) record SIGINT/SIGTERM/SIGHUP in a flag the event loop polls, and
/// (b) on a crash signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP) restore the terminal
/// with async-signal-safe calls only (the terminal's saved modes, and the escape sequences that
/// leave the alternate screen, show the cursor and stop mouse reports, prepared at `newterm`),
/// reinstate the previous handler and re-raise, so the terminal is usable afterwards and Swift's
/// own crash reporter (if it was installed) still runs. Idempotent.
void cncursesw_install_signal_handlers(void);
/// Reinstates the handlers that were in place before `cncursesw_install_signal_handlers`.
void cncursesw_restore_signal_handlers(void);
/// The last termination signal received (and clears it), or 0.
int cncursesw_take_pending_signal(void);
/// Records a termination signal as if it had been delivered (for tests and programmatic quits).
void cncursesw_set_pending_signal(int signal);
/// Whether the crash and exit handlers should call `endwin` (true between start and stop of the
/// backend). The first call also registers an `atexit` handler, so a plain `exit()` while the
/// screen is active still restores the terminal.
void cncursesw_set_screen_active(int active);

#endif
