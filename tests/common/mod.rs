pub(crate) mod seeds;
