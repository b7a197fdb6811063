/*
 * An empty web UI for the fuzz targets: the routes link the server, which
 * serves the embedded UI; the targets never serve it, and the generated
 * assets.c (built from web/dist) belongs to the kehu executable only.
 */

#include "http/assets.h"

const struct kh_asset kh_assets[] = {{0}};
