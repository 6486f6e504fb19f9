#include "CNcursesw.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

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

static void on_crash(int signal) {
  // endwin is not async-signal-safe; on a crash path a best effort beats a wrecked terminal.
  if (screen_active) {
    screen_active = 0;
    endwin();
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

void cncursesw_install_signal_handlers(void) {
  if (installed) return;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a blocking read should return so that the loop notices the flag.
  action.sa_handler = on_termination;
  for (size_t i = 0; i < N_TERMINATION; i++) {
    sigaction(termination_signals[i], &action, &previous_termination[i]);
  }
  action.sa_handler = on_crash;
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
