#!/usr/bin/env bash
# The rust layer needs nothing installed as root: rustup, the toolchain and the cargo tools
# are installed per user by mino-bootstrap from [user_install] in layer.toml. A script made
# only of comments counts as "no script", so this layer never forces an image build.
