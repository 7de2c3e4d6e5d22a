// Tests for Model live here.
