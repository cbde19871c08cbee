/* util is the bottom layer: it includes nothing of the project above it. */
#include "domain/proposal.h"
