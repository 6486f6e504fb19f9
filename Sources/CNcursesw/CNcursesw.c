#include "CNcursesw.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

// MARK: Colour pairs

#if CNCURSESW_EXTENDED_PAIRS

int cncursesw_color_pair(int foreground, int background) {
  int pair = alloc_pair(foreground, background);
  return pair < 0 ? 0 : pair;
}

void cncursesw_reset_color_pairs(void) {}

int cncursesw_setcchar(cchar_t *cell, const wchar_t *characters, attr_t attributes, int pair) {
  return setcchar(cell, characters, attributes, 0, &pair);
}

#else

// Fallback for ncurses before 6.1: a table of the pairs defined so far, searched linearly (a
// screen uses a few dozen combinations), recycled round-robin when COLOR_PAIRS is exhausted.
#define CNCURSESW_MAX_PAIRS 1024
static int pair_foreground[CNCURSESW_MAX_PAIRS];
static int pair_background[CNCURSESW_MAX_PAIRS];
static int pairs_used = 0;
static int next_recycled = 0;

int cncursesw_color_pair(int foreground, int background) {
  for (int i = 0; i < pairs_used; i++) {
    if (pair_foreground[i] == foreground && pair_background[i] == background) return i + 1;
  }
  int limit = COLOR_PAIRS - 1;
  if (limit > CNCURSESW_MAX_PAIRS) limit = CNCURSESW_MAX_PAIRS;
  if (limit <= 0) return 0;
  int slot;
  if (pairs_used < limit) {
    slot = pairs_used++;
  } else {
    slot = next_recycled;
    next_recycled = (next_recycled + 1) % limit;
  }
  if (init_pair((short)(slot + 1), (short)foreground, (short)background) == ERR) return 0;
  pair_foreground[slot] = foreground;
  pair_background[slot] = background;
  return slot + 1;
}

void cncursesw_reset_color_pairs(void) {
  pairs_used = 0;
  next_recycled = 0;
}

int cncursesw_setcchar(cchar_t *cell, const wchar_t *characters, attr_t attributes, int pair) {
  return setcchar(cell, characters, attributes, (short)pair, NULL);
}

#endif

// MARK: Signals

// Signal handling lives in C rather than Swift because `struct sigaction` is laid out differently
// on Glibc and Darwin, and because the crash path must keep the previous handlers in plain static
// storage that a signal handler can read.

static volatile sig_atomic_t pending_signal = 0;
static volatile sig_atomic_t screen_active = 0;
static volatile sig_atomic_t installed = 0;

static const int termination_signals[] = {SIGINT, SIGTERM, SIGHUP};
static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
#define N_TERMINATION (sizeof termination_signals / sizeof termination_signals[0])
#define N_CRASH (sizeof crash_signals / sizeof crash_signals[0])

static struct sigaction previous_termination[N_TERMINATION];
static struct sigaction previous_crash[N_CRASH];

static void on_termination(int signal) { pending_signal = signal; }

// What the crash handler writes and sets to give the terminal back, prepared while ncurses runs:
// a crash can interrupt any thread anywhere (inside malloc, inside ncurses), where calling
// `endwin` could deadlock or corrupt, but `write` and `tcsetattr` are async-signal-safe.
static struct termios saved_modes;
static int have_saved_modes = 0;
static char restore_sequence[256];
static size_t restore_length = 0;

static void append_restore(const char *piece) {
  if (piece == NULL || piece == (const char *)-1) return;
  size_t length = strlen(piece);
  if (restore_length + length >= sizeof restore_sequence) return;
  memcpy(restore_sequence + restore_length, piece, length);
  restore_length += length;
}

SCREEN *cncursesw_newterm(void) {
  have_saved_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
  SCREEN *screen = newterm(NULL, stdout, stdin);
  if (screen == NULL) return NULL;
  restore_length = 0;
  // Mouse reports off (every xterm mode a terminfo entry may have turned on), attributes off,
  // the cursor shown, keypad transmit off, the alternate screen left.
  append_restore("\033[?1006l\033[?1003l\033[?1002l\033[?1000l");
  append_restore(tigetstr("sgr0"));
  append_restore(tigetstr("cnorm"));
  append_restore(tigetstr("rmkx"));
  append_restore(tigetstr("rmcup"));
  return screen;
}

static void on_crash(int signal) {
  if (screen_active) {
    screen_active = 0;
    ssize_t ignored = write(STDOUT_FILENO, restore_sequence, restore_length);
    (void)ignored;
    if (have_saved_modes) tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
  }
  for (size_t i = 0; i < N_CRASH; i++) {
    if (crash_signals[i] == signal) {
      sigaction(signal, &previous_crash[i], NULL);
    }
  }
  // The signal is blocked while this handler runs, so it is delivered to the reinstated handler
  // as soon as this one returns.
  raise(signal);
}

// A stack for the crash handler of the installing thread, so that a stack overflow there (whose
// SIGSEGV cannot run on the exhausted stack) still restores the terminal. Other threads run the
// handler on their own stack, or on one the runtime gave them.
static char alternate_stack[64 * 1024];

void cncursesw_install_signal_handlers(void) {
  if (installed) return;
  stack_t current;
  if (sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
    stack_t stack = {.ss_sp = alternate_stack, .ss_size = sizeof alternate_stack, .ss_flags = 0};
    sigaltstack(&stack, NULL);
  }
  struct sigaction action;
  memset(&action, 0, sizeof action);
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a blocking read should return so that the loop notices the flag.
  action.sa_handler = on_termination;
  for (size_t i = 0; i < N_TERMINATION; i++) {
    sigaction(termination_signals[i], &action, &previous_termination[i]);
  }
  action.sa_handler = on_crash;
  action.sa_flags = SA_ONSTACK;
  for (size_t i = 0; i < N_CRASH; i++) {
    sigaction(crash_signals[i], &action, &previous_crash[i]);
  }
  installed = 1;
}

void cncursesw_restore_signal_handlers(void) {
  if (!installed) return;
  for (size_t i = 0; i < N_TERMINATION; i++) {
    sigaction(termination_signals[i], &previous_termination[i], NULL);
  }
  for (size_t i = 0; i < N_CRASH; i++) {
    sigaction(crash_signals[i], &previous_crash[i], NULL);
  }
  installed = 0;
}

int cncursesw_take_pending_signal(void) {
  int signal = pending_signal;
  pending_signal = 0;
  return signal;
}

void cncursesw_set_pending_signal(int signal) { pending_signal = signal; }

static void on_exit_restore(void) {
  if (screen_active) {
    screen_active = 0;
    endwin();
  }
}

void cncursesw_set_screen_active(int active) {
  static int registered = 0;
  if (!registered) {
    registered = 1;
    atexit(on_exit_restore);
  }
  screen_active = active;
}
