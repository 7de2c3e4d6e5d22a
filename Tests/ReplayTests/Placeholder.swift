// Tests for Replay live here.
