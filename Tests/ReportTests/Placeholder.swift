// Tests for Report live here.
