# bash completion for veille and its veille-* programs.
# Installed by `make install` as share/bash-completion/completions/veille
# (and linked for each veille-NAME).

# The long options a command's --help lists (a program, or veille and a
# built-in command).
_veille_opts() {
	"$@" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u
}

# The commands of veille itself, besides the veille-* programs.
_veille_builtins="help commands init run status digest import-opml"

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
		COMPREPLY=($(compgen -W "$(veille commands 2>/dev/null) $_veille_builtins --help --version" -- "$cur"))
		return
	fi
	local cmd=${COMP_WORDS[1]}
	case $cmd in
	help)
		[ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "$(veille commands 2>/dev/null)" -- "$cur"))
		return ;;
	commands)
		return ;;
	init|run|status|digest)
		# a watch directory
		if [[ $cur == -* ]]; then
			[ "$cmd" = run ] && COMPREPLY=($(compgen -W "-v" -- "$cur"))
			[ "$cmd" = digest ] && COMPREPLY=($(compgen -W "$(_veille_opts veille digest)" -- "$cur"))
		else
			COMPREPLY=($(compgen -d -- "$cur"))
		fi
		return ;;
	import-opml)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
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
