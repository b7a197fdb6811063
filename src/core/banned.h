#ifndef KH_CORE_BANNED_H
#define KH_CORE_BANNED_H

/*
 * Functions Kehu code must not call: unbounded copies, hidden global state,
 * non-reentrant time functions, weak randomness. Included after system
 * headers (by the build, through -include) so a use fails to compile.
 */

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atof
#define atof(x) BANNED(atof)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef rand
#define rand() BANNED(rand)
#undef system
#define system(x) BANNED(system)

#endif
