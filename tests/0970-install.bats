#!/usr/bin/env bats
# make install puts the programs, the manual pages of every section and
# the bash and zsh completions under DESTDIR and PREFIX; make uninstall
# removes exactly that.

load lib

@test "make install writes the expected tree, make uninstall removes it" {
	dest=$PWD/dest
	make -s -C "$ROOT" install DESTDIR="$dest" PREFIX=/opt/veille >/dev/null
	(cd "$dest" && find . -type f -o -type l | sort) > actual
	{
		for c in "$ROOT"/cmd/*.c; do n=${c##*/}; echo "./opt/veille/bin/${n%.c}"; done
		for m in "$ROOT"/man/*.[157]; do n=${m##*/}; echo "./opt/veille/share/man/man${n##*.}/$n"; done
		echo ./opt/veille/share/bash-completion/completions/veille
		for c in "$ROOT"/cmd/veille-*.c; do n=${c##*/}; echo "./opt/veille/share/bash-completion/completions/${n%.c}"; done
		echo ./opt/veille/share/zsh/site-functions/_veille
	} | sort > expect
	diff -u expect actual
	[ -x "$dest/opt/veille/bin/veille" ]
	"$dest/opt/veille/bin/veille" report --version | grep -q '^veille-report '
	make -s -C "$ROOT" uninstall DESTDIR="$dest" PREFIX=/opt/veille >/dev/null
	[ -z "$(cd "$dest" && find . -type f -o -type l)" ]
}

@test "the installed bash completion completes commands and options" {
	need bash
	dest=$PWD/dest
	make -s -C "$ROOT" install DESTDIR="$dest" PREFIX=/usr >/dev/null
	run bash -c '
		PATH='"$dest"'/usr/bin:$PATH
		. '"$dest"'/usr/share/bash-completion/completions/veille
		COMP_WORDS=(veille rep); COMP_CWORD=1; _veille; echo "${COMPREPLY[*]}"
		COMP_WORDS=(veille report --ti); COMP_CWORD=2; _veille; echo "${COMPREPLY[*]}"
		COMP_WORDS=(veille-report --fo); COMP_CWORD=1; _veille_tool; echo "${COMPREPLY[*]}"'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = report ]
	[ "${lines[1]}" = --title ]
	[ "${lines[2]}" = --format ]
}
