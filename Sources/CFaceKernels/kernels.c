#include "FaceKernels.h"
