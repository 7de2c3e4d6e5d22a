// Tests for Wire live here.
