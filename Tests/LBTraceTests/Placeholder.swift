// Tests for LBTrace live here.
