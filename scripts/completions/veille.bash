# bash completion for veille and its veille-* programs.
# Installed by `make install` as share/bash-completion/completions/veille
# (and linked for each veille-NAME).

# The long options a program's --help lists.
_veille_opts() {
	"$1" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u
}

_veille_prog() {
	local prog=$1 cur=${COMP_WORDS[COMP_CWORD]}
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_veille_opts "$prog")" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}

_veille() {
	local cur=${COMP_WORDS[COMP_CWORD]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$(veille commands 2>/dev/null) help commands --help --version" -- "$cur"))
		return
	fi
	local cmd=${COMP_WORDS[1]}
	if [ "$cmd" = help ]; then
		[ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "$(veille commands 2>/dev/null)" -- "$cur"))
		return
	fi
	_veille_prog "veille-$cmd"
}

_veille_tool() {
	_veille_prog "${COMP_WORDS[0]}"
}

complete -o filenames -F _veille veille
for _v in veille-fetch veille-parse veille-sources veille-report veille-classify \
    veille-dedupe veille-store veille-alert; do
	complete -o filenames -F _veille_tool "$_v"
done
unset _v
