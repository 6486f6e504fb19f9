#ifndef CNCURSESW_H
#define CNCURSESW_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncurses.h>
#endif
