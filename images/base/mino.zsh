# Shell settings shared by every user of a mino image; sourced from /etc/zshrc.
# Each alias is set only when its tool exists, so a trimmed image still has a working shell.
if (( $+commands[eza] )); then
    alias ls='eza'
    alias ll='eza -l --git'
    alias la='eza -la --git'
    alias tree='eza --tree'
fi
(( $+commands[bat] )) && alias cat='bat --paging=never'
(( $+commands[fd] )) && alias find='fd'
(( $+commands[rg] )) && alias grep='rg'

(( $+commands[zoxide] )) && eval "$(zoxide init zsh)"
(( $+commands[fzf] )) && source <(fzf --zsh 2>/dev/null)

HISTFILE="$HOME/.zsh_history"
HISTSIZE=50000
SAVEHIST=50000
setopt HIST_IGNORE_DUPS HIST_IGNORE_SPACE

# The widgets come from the history-substring-search plugin that ~/.zshrc loads next.
bindkey '^[[A' history-substring-search-up
bindkey '^[[B' history-substring-search-down

export PATH="$HOME/.local/bin:$HOME/.npm-global/bin:$PATH"
if [[ -n "${MINO_PATH_PREPEND:-}" ]]; then
    export PATH="$MINO_PATH_PREPEND:$PATH"
fi
